def pytest_configure(config):
    raise SystemExit("forged plugin loaded")
