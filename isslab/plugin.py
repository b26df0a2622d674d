"""The isslab pytest plugin: command-line options and fixtures shared by the suite and grader.

Each concern lives in its own module under isslab.fixtures; this module only lists them.
"""

pytest_plugins = [
    "isslab.fixtures.options",
    "isslab.fixtures.fake_iss",
    "isslab.fixtures.lab",
    "isslab.fixtures.backend",
    "isslab.fixtures.terraform",
    "isslab.fixtures.captures",
    "isslab.fixtures.browser",
]
