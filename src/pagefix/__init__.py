"""pagefix: scrambled OCR of Chinese newspaper pages in, clean separate articles out.

>>> import pagefix
>>> result = pagefix.repair("泰安景区走来一片“志愿红”\\n□通讯员 陈一凡 报道\\n本报泰安讯 百余名志愿者活跃在景区。")
>>> result.articles[0].title
'泰安景区走来一片“志愿红”'
>>> pagefix.normalize_text("勤奮工作")[0]
'勤奋工作'
"""
from __future__ import annotations

from .config import Config
from .errors import InputError, InternalError, PagefixError, ResourceError
from .model import Article, Edit, Fragment, PageResult, Role, Warning
from .normalize import apply_edits, normalize_text
from .pipeline import Pipeline, repair
from .batch import repair_pages
from .readers import Page, read_page

__version__ = "0.1.0"

__all__ = [
    "Article", "Config", "Edit", "Fragment", "InputError", "InternalError", "PageResult", "PagefixError",
    "Page", "Pipeline", "ResourceError", "Role", "Warning", "apply_edits", "normalize_text", "read_page", "repair",
    "repair_pages", "__version__",
]
