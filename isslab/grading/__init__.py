"""Grading a submission by the course rubric: run the checks, score them, write reports."""
