"""`FILE_HAS_RECORDS` (a warning): every input file holds at least one record."""

from __future__ import annotations

from collections.abc import Iterator

from peace_talks_model.rules.base import Breach, Family, FileRule


class FileHasRecords(FileRule):
    """Every input file a run reads holds at least one record (valid or not)."""

    name = "file_has_records"
    family = Family.files
    description = "Every file holds at least one record."
    example = ()  # `validate_records` given no records: its one input holds none

    def check(self, file: str, records: int) -> Iterator[Breach]:
        """The file, when it held no records."""
        if records == 0:
            yield Breach("the file holds no records")


FILE_HAS_RECORDS = FileHasRecords()
