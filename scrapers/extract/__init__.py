"""Russian-language extraction of war dead from one text (pure Python, no Scrapy).

    from scrapers.extract import extract, EXTRACTOR_VERSION, parse_date_value
    result = extract(text, published="2024-03-14T09:30:00+03:00", default_region="RU-BU")
"""

import sys

from db.rxfast import accelerate as _accelerate

from .core import EXTRACTOR_VERSION, extract
from .dates import parse_date_value, parse_published
from .model import ExtractedMention, Extraction

# Same matches, faster scans: every module-level pattern of the extractor is rewritten
# to open with the characters its matches can start with (db.rxfast).
for _name, _module in list(sys.modules.items()):
    if _name.startswith(__name__ + ".") and _module is not None:
        _accelerate(vars(_module))

__all__ = ["EXTRACTOR_VERSION", "ExtractedMention", "Extraction", "extract", "parse_date_value", "parse_published"]
