"""The package version and the record-contract version (importing this module imports nothing heavy)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peace-talks-model")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installation
    __version__ = "0+unknown"

#: The version of the record contract that this package writes and validates (MAJOR.MINOR).
SCHEMA_VERSION = "1.7"
