"""nekrolog: count war dead from open sources."""

__version__ = "0.1.0"
