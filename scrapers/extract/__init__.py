"""Russian-language extraction of war dead from one text (pure Python, no Scrapy).

    from scrapers.extract import extract, EXTRACTOR_VERSION, parse_date_value
    result = extract(text, published="2024-03-14T09:30:00+03:00", default_region="RU-BU")
"""

from .core import EXTRACTOR_VERSION, extract
from .dates import parse_date_value, parse_published
from .model import ExtractedMention, Extraction

__all__ = ["EXTRACTOR_VERSION", "ExtractedMention", "Extraction", "extract", "parse_date_value", "parse_published"]
