"""isslab: reference lab, test suite and grader for the ISS-on-LocalStack course module."""

__version__ = "0.1.0"
