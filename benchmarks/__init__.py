"""The benchmark of issue 16 (`make bench`) and its synthetic briefs; not part of the shipped package.

- `python -m benchmarks [N ...]`: every number of issue 16 with its target, and bench.json (run.py)
- `python -m benchmarks.synth N DIR`: a realistic synthetic brief of N notes (synth.py)
- `python -m benchmarks.pdf`: the PDF beside WeasyPrint alone on the same HTML (pdf.py)
"""
