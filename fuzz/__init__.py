"""Coverage-guided fuzzing (atheris) of what hostile input reaches: see run.py."""
