from tadamun.people.tests.conftest import _private_files, fatima, mongi  # noqa: F401
