"""The only way WeasyPrint may load anything: files inside the brand's folders.

A brief is untrusted and a brand template is trusted less than code, so nothing they
name is fetched: no network URL (a URL in a brief is a link, never a resource), no
``file:`` path outside the brand folders (``../`` and symlinks are resolved first), only
``data:`` URIs besides. Refused loads are logged by WeasyPrint and reported as
diagnostics; the report renders without them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def make_fetcher(folders: tuple[Path, ...]):  # -> weasyprint.urls.URLFetcher
    """A URL fetcher that serves ``data:`` URIs and files under ``folders`` only."""
    from weasyprint.urls import URLFetcher

    allowed = tuple(folder.resolve() for folder in folders)

    class AssetFetcher(URLFetcher):
        def __init__(self) -> None:
            # No redirects, no network protocols, a short timeout: defence in depth
            # behind the path check below.
            super().__init__(timeout=5, allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[override]
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(folder) for folder in allowed):
                    raise ValueError(f"refused to load {url}: outside the brand folders")
            elif scheme != "data":
                raise ValueError(f"refused to load {url}: reports never fetch from a network")
            return super().fetch(url, headers)

    return AssetFetcher()
