"""Brands: ``templates/<name>/_brand.yml`` folders in the brand.yml format.

>>> from reportkit.brand import load_brand
>>> brand = load_brand("default")
>>> brand.display_name, brand.template("report.css").name
('reportkit', 'report.css')
"""

from reportkit.brand.loader import BrandError, brand_chain, load_brand, resolve_folder
from reportkit.brand.model import Brand, Logo, Settings
from reportkit.brand.search import BRAND_FILE, SearchPath, builtin_dir

__all__ = [
    "BRAND_FILE",
    "Brand",
    "BrandError",
    "Logo",
    "SearchPath",
    "Settings",
    "brand_chain",
    "builtin_dir",
    "load_brand",
    "resolve_folder",
]
