"""The tests' own helpers behave (a flaky helper makes every test that uses it flaky)."""

from __future__ import annotations


def test_the_test_docx_is_the_same_bytes_across_a_clock_tick(time_machine):
    """The cause of a flaky comparison of two uploads (submissions' test_nothing_lost): the test
    .docx was stamped with the current time."""
    from units.tests.support import docx_bytes

    time_machine.move_to("2026-12-08 09:00:00 +07:00", tick=False)
    first = docx_bytes()
    time_machine.move_to("2026-12-08 09:00:03 +07:00", tick=False)
    assert docx_bytes() == first
