"""The exception root of isslab: every expected failure is an IsslabError."""


class IsslabError(Exception):
    """An expected failure, reported to the user as one line with no traceback."""

    exit_code = 1


class UsageError(IsslabError):
    """The command line asked for something impossible."""

    exit_code = 2


class PrerequisiteFailed(IsslabError):
    """A check could not be evaluated because something it needs failed first.

    Raised from fixtures, so pytest reports the dependent checks as errors whose message
    names the prerequisite (for example "terraform apply failed").
    """
