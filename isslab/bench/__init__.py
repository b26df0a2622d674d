"""`isslab bench`: how long each grading stage takes, per backend, and batch throughput."""
