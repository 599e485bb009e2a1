"""A signed-in reader's walk through every kind of page, at a phone's width.

From the home page every same-site link is followed (GET only), up to a few pages of each kind
(each view the address resolves to), and each page is checked as a 390 × 844 phone shows it:
it loads, shows no server error, fits the screen's width, every sideways-scrolling table can be
reached by keyboard, and no code (names of functions, settings, Python's None) shows through in
its text."""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

PHONE = {"width": 390, "height": 844}
PER_KIND = 3  # pages of each kind (resolved view name)

SKIPPED_PATHS = ("/admin/", "/api/", "/sign-out", "/media/", "/static/", "/assets/")
SKIPPED_ENDS = (".csv", ".xlsx", ".pdf", ".json", ".zip", ".xml")
SKIPPED_PARTS = ("format=", "/download", "/export/", "download=")
# What a page's main text must never show: code, settings, docstrings, template syntax.
LEAKS = [
    re.compile(p)
    for p in (
        r"\bassess\(",
        r"STALE_AFTER",
        r"Pure Python",
        r"\bno Django\b",
        r"Traceback",
        r"Server Error",
        r"Exception Value",
        r"\{\{|\{%|%\}|\}\}",
        r" object at 0x",
        r"\bdatetime\.",
        r"Decimal\(",
        r"\bNaN\b|\bnan\b",
        r"\b[a-z]+_[a-z_]+\b(?!\.[a-z])",  # snake_case (a field, function or setting), not a file
        r"(^|[:=(]\s*)None\b",  # Python's None where a value should be
    )
]
CHECK = """() => {
  const main = document.querySelector('main');
  const scrollers = [...document.querySelectorAll('.concord-table-scroll')];
  const bare = [...(main || document).querySelectorAll('*')]
    .filter(e => e.children.length === 0 && e.textContent.trim() === 'None').length;
  return {
    width: document.documentElement.scrollWidth,
    text: main ? main.innerText : '',
    bareNone: bare,
    unfocusable: scrollers.filter(e => e.tabIndex !== 0 || e.getAttribute('role') !== 'region'
      || !e.getAttribute('aria-label')).length,
    widest: [...document.querySelectorAll('main *')]
      .filter(e => e.getBoundingClientRect().right > 390 && !e.closest('.concord-table-scroll'))
      .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '')),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
}"""


@dataclass
class Walk:
    pages: list = field(default_factory=list)  # (url, view name)
    failures: list = field(default_factory=list)  # (url, what is wrong)
    kinds: Counter = field(default_factory=Counter)


def followed(base: str, href: str) -> str | None:
    """The same-site address a link leads to, or None for one the walk leaves alone."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    parts, home = urlsplit(url), urlsplit(base)
    if parts.netloc != home.netloc:
        return None
    path = parts.path
    if path.startswith(SKIPPED_PATHS) or path.endswith(SKIPPED_ENDS):
        return None
    if any(part in url for part in SKIPPED_PARTS):
        return None
    return url


def kind_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "not found"
    return match.view_name


def leaks_in(text: str) -> list[str]:
    return sorted({m.group(0).strip() for p in LEAKS for m in p.finditer(text)})


def walk(page, start: str, per_kind: int = PER_KIND, limit: int = 400) -> Walk:
    """Walks from `start` with a signed-in page; every page checked at a phone's width."""
    found, queue, seen = Walk(), [start], {start}
    page.set_viewport_size(PHONE)
    while queue and len(found.pages) < limit:
        url = queue.pop(0)
        kind = kind_of(url)
        if found.kinds[kind] >= per_kind:
            continue
        found.kinds[kind] += 1
        response = page.goto(url)
        found.pages.append((url, kind))
        status = response.status if response else 0
        if status != 200:
            found.failures.append((url, f"status {status}"))
            continue
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(500)  # the NHS.UK header folds its menu into "More" after a resize
        seen_now = page.evaluate(CHECK)
        if seen_now["width"] > PHONE["width"]:
            widest = ", ".join(seen_now["widest"])
            found.failures.append((url, f"scroll width {seen_now['width']} ({widest})"))
        if seen_now["unfocusable"]:
            found.failures.append((url, f"{seen_now['unfocusable']} scroll box(es) unfocusable"))
        leaks = leaks_in(seen_now["text"]) + (["None"] if seen_now["bareNone"] else [])
        if leaks:
            found.failures.append((url, f"code in the text: {leaks}"))
        for href in seen_now["links"]:
            next_url = followed(page.url, href)
            if next_url and next_url not in seen:
                seen.add(next_url)
                queue.append(next_url)
    return found


def report(found: Walk) -> str:
    lines = [f"{len(found.failures)} problem(s) in {len(found.pages)} pages:"]
    lines += [f"  {url}: {what}" for url, what in found.failures]
    return "\n".join(lines)
