"""Loads the isslab pytest plugin for this repository's own test suite."""

pytest_plugins = ["isslab.plugin"]
