"""The installed version of the package (importing this module imports nothing heavy)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peace-talks-model")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installation
    __version__ = "0+unknown"
