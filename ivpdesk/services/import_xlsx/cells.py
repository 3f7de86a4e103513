"""Reading one cell the way an officer reads it: bullets, titles, partner lists, "wie".

Rules (each a small pure function, tested on its own):

* **Bullets.** A line starting with ``o``, ``•``, ``-``, ``–``, ``*``, ``▪``, ``·``, a number
  ``1.``/``1)`` or a letter ``a.``/``a)`` followed by a space is a bullet; HTML leftovers
  (``<li>``, ``<br>``, ``<p>``) are turned into lines and bullets first. Each bullet is one
  activity. Lines before the first bullet, and lines ending in ``:`` between bullets,
  are a lead sentence: they stay with the bullets below them as context. Other lines
  after a bullet continue that bullet.
* **Title.** An emphasised run (bold, italic or underlined rich text) at the start of an
  activity is its title, with or without a full stop: that is how officers mark it. Else a
  short lead phrase ending in a full stop at the start of an activity
  ("Buurtbemiddeling. Voortzetting …") becomes the title, the rest the description: at
  most :data:`TITLE_MAX_WORDS` words and :data:`TITLE_MAX_CHARS` characters, followed by
  more text that starts with a capital or digit. Abbreviations ("Cf.", "o.m.", "i.v.m.")
  never end a title.
* **Partners.** Split on ``,`` ``;`` ``+`` new lines and bullets, never inside
  brackets; a trailing full stop is dropped and duplicates are removed.
* **Wie.** In a single "wie" column, bestuurlijke names (burgemeester, wethouder,
  portefeuillehouder, college) are the bestuurlijk trekker, the first other name the
  ambtelijk trekker, the rest the partners; "trekker: …" / "partners: …" labels win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ivpdesk.services.import_xlsx.text import fold, one_line

TITLE_MAX_WORDS = 10
TITLE_MAX_CHARS = 90
EMPHASIS_MAX_WORDS = 20
EMPHASIS_MAX_CHARS = 160

_BULLET = re.compile(
    r"^\s*(?:[o•·▪■◦‣∙●➢►→✓\-–—*]|\d{1,2}[.)]|[a-hA-H][.)])\s+(?=\S)"
)
_HTML_LINE = re.compile(r"<\s*(?:br|/p|p|/li|/div|div|/ul|ul|/ol|ol)\b[^>]*>", re.IGNORECASE)
_HTML_ITEM = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_HTML_OTHER = re.compile(r"</?\s*(?:b|i|u|strong|em|span|font|small)\b[^>]*>", re.IGNORECASE)
_HTML_HINT = re.compile(r"<\s*/?\s*(?:li|br|p|ul|ol|div)\b", re.IGNORECASE)
_TITLE_END = re.compile(r"\.(?=\s+[\"'‘“(]?[A-Z0-9À-ÖØ-Þ])")
_INLINE_BULLETS = re.compile(r"\s+[•▪●]\s+")

_NO_PARTNER = {"n.v.t", "nvt", "geen", "n.b", "nb", "nvt.", "idem", "?", "..."}

ABBREVIATIONS = {
    "cf", "o.m", "om", "e.d", "ed", "i.v.m", "ivm", "plm", "evt", "bijv", "m.n", "mn", "t.a.v",
    "tav", "a.d.h.v", "adhv", "incl", "excl", "weth", "bgm", "nr", "ca", "resp", "etc", "dhr",
    "mevr", "art", "o.a", "oa", "z.s.m", "zsm", "vs", "jl", "e.v", "ev", "m.b.t", "mbt", "t.b.v",
    "tbv", "i.s.m", "ism", "i.o.m", "d.w.z", "dwz", "o.b.v", "obv", "v.w.b", "vwb", "zgn",
    "mr", "dr", "ir", "drs", "st", "min", "max", "gem", "p", "blz", "jr", "mln", "mld", "ong",
    "vlg", "vgl", "al", "wo", "gr", "kl",
}


@dataclass(frozen=True)
class ActivityText:
    """One activity read from a cell: optional title, description, lead sentence (context)."""

    title: str | None
    description: str
    context: str = ""

    def full_description(self) -> str:
        """The stored description: the lead sentence (context) first, then the text."""
        if not self.context:
            return self.description
        joiner = " " if self.context.endswith(":") else ": "
        return f"{self.context}{joiner}{self.description}" if self.description else self.context


def _html_to_lines(text: str) -> str:
    if not _HTML_HINT.search(text):
        return text
    text = _HTML_ITEM.sub("\n• ", text)
    text = _HTML_LINE.sub("\n", text)
    text = _HTML_OTHER.sub("", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&")


def strip_bullet(line: str) -> tuple[bool, str]:
    match = _BULLET.match(line)
    if match:
        return True, line[match.end():].strip()
    return False, line.strip()


def split_bullets(text: str) -> list[tuple[str, str]]:
    """(context, item) pairs for every bullet in the cell; one pair for a plain cell."""
    text = _html_to_lines(text)
    lines = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        if len(_INLINE_BULLETS.findall(line)) >= 1 and line.count("•") + line.count("▪") >= 2:
            starts_with_bullet = line.lstrip()[:1] in "•▪●"
            parts = [p.strip(" •▪●") for p in _INLINE_BULLETS.split(" " + line)]
            for index, part in enumerate(parts):
                if part:
                    lines.append(part if index == 0 and not starts_with_bullet else "• " + part)
            continue
        lines.append(line)
    items: list[list[str]] = []  # [context, text]
    lead: list[str] = []
    context = ""
    seen_bullet = False
    for line in lines:
        is_bullet, content = strip_bullet(line)
        if is_bullet:
            if not seen_bullet:
                context = " ".join(lead)
            seen_bullet = True
            items.append([context, content])
        elif not seen_bullet:
            lead.append(content)
        elif content.endswith(":"):
            context = content
        else:
            items[-1][1] = f"{items[-1][1]}\n{content}"
    if not seen_bullet:
        return [("", "\n".join(lead))] if lead else []
    return [(c, t) for c, t in items if t.strip()]


def split_title(text: str) -> tuple[str | None, str]:
    """('Buurtbemiddeling.', 'Voortzetting …') or (None, text) when there is no lead phrase."""
    for match in _TITLE_END.finditer(text, 0, TITLE_MAX_CHARS + 1):
        end = match.start()
        head = text[:end]
        last_word = head.split()[-1] if head.split() else ""
        token = fold(last_word).strip("(\"'")
        if not token or len(token) == 1 or token in ABBREVIATIONS or "." in token:
            continue  # an abbreviation or initial: not the end of a phrase
        title = text[: end + 1].strip()
        rest = text[end + 1:].strip()
        words = title.split()
        if "\n" in title or not rest:
            return None, text
        if len(words) > TITLE_MAX_WORDS or len(title) > TITLE_MAX_CHARS:
            return None, text
        return title, rest
    return None, text


def emphasised_title(text: str, emphasis: tuple[str, ...]) -> tuple[str | None, str]:
    """An emphasised (bold/italic/underlined) run at the start of the text is its title.

    Punctuation right after the run belongs to the title (a full stop is kept, a colon
    or comma dropped). When the sentence simply goes on in lower case, the description
    keeps the whole sentence so nothing reads half.
    """
    for run in emphasis:
        candidate = run.strip()
        if len(candidate) < 2 or len(candidate) > EMPHASIS_MAX_CHARS:
            continue
        if len(candidate.split()) > EMPHASIS_MAX_WORDS:
            continue
        match = re.match(r"\s*" + r"\s+".join(re.escape(w) for w in candidate.split()), text)
        if match is None:
            continue
        rest = text[match.end():].strip()
        title = candidate
        punctuated = rest[:1] in (".", ":", ";", ",", "–", "-") or candidate[-1:] in ".:;,"
        if rest[:1] in (".", ":", ";", ",", "–", "-"):
            if rest[0] == "." and not title.endswith("."):
                title += "."
            rest = rest[1:].strip()
        title = title.rstrip(":;,").strip()
        if not rest:
            return None, text
        if rest[0].islower() and not punctuated:
            return title, text.strip()
        return title, rest
    return None, text


def activities_in_cell(text: str, emphasis: tuple[str, ...] = ()) -> list[ActivityText]:
    """Every activity written in one cell (bullets split, titles found)."""
    result = []
    for context, item in split_bullets(text):
        title, rest = emphasised_title(item, emphasis) if emphasis else (None, item)
        if title is None:
            title, rest = split_title(item)
        result.append(ActivityText(title=title, description=rest, context=context))
    return result


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def split_partners(text: str) -> list[str]:
    """'OOV, politie; OM + Halt' → ['OOV', 'politie', 'OM', 'Halt'] (no duplicates)."""
    return list(_split_partners(text))


@lru_cache(maxsize=4096)
def _split_partners(text: str) -> tuple[str, ...]:  # plans repeat the same partner lists
    lines = []
    for line in _html_to_lines(text).split("\n"):
        _bullet, content = strip_bullet(line)
        lines.append(content)
    flat = "\n".join(lines).replace(" + ", "\n").replace("+", "\n")
    result: list[str] = []
    seen: set[str] = set()
    for part in _split_outside_brackets(flat, ",;\n"):
        name = " ".join(part.split()).strip(" .-–·•")
        if not name:
            continue
        name = name[:300]
        key = name.casefold()
        if key.strip(".") in _NO_PARTNER:
            continue
        if key in seen:
            continue
        seen.add(key)
        result.append(name)
    return tuple(result)


_POLITICAL = re.compile(
    r"^(?:de\s+)?(?:burgemeester|bgm\b|bm\b|wethouder|weth\b|portefeuillehouder|college|b\s*&\s*w|"
    r"gemeenteraad|raad\b|loco-?burgemeester)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(?P<label>bestuurlijk(?:e)?\s+trekker|ambtelijk(?:e)?\s+trekker|trekker|partners?|"
    r"portefeuillehouder|uitvoering|betrokken)\s*:\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WhoSplit:
    political_owner: str
    officer_owner: str
    partners: list[str]


def is_political(name: str) -> bool:
    return bool(_POLITICAL.match(name.strip()))


def split_who(text: str) -> WhoSplit:
    """Read a single 'wie' column as the officer would (see the module rules)."""
    flat = one_line(text) if "\n" in text else text
    labelled = list(_LABEL.finditer(flat))
    if labelled:
        political, officer, partners = "", "", []
        for index, match in enumerate(labelled):
            end = labelled[index + 1].start() if index + 1 < len(labelled) else len(flat)
            value = flat[match.end():end].strip(" ;,.")
            label = match.group("label").lower()
            if label.startswith("bestuurlijk") or label.startswith("portefeuille"):
                political = value
            elif "trekker" in label:
                officer = value
            else:
                partners.extend(split_partners(value))
        return WhoSplit(political, officer, partners)
    names = split_partners(text)
    political_names = [n for n in names if is_political(n)]
    others = [n for n in names if not is_political(n)]
    officer = others[0] if others else ""
    return WhoSplit(", ".join(political_names), officer, others[1:])
