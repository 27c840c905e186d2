"""What JupyterLab shows of an *untrusted* HTML output: its sanitizer, ported to Python.

A notebook opened in JupyterLab (or downloaded and opened there) has untrusted outputs until its
cells are run again. JupyterLab renders such a ``text/html`` output through its sanitizer:
``Sanitizer`` in ``packages/apputils/src/sanitizer.ts`` (JupyterLab v4.5.10, the newest tag in
reach; the pinned 4.5.11's bundle, ``jlab_core.*.js`` under ``.venv/share/jupyter/lab/static/``,
has the same allow-lists), which calls sanitize-html 2.12.1 (``index.js``, the version
JupyterLab's ``yarn.lock`` resolves ``~2.12.1`` to) with these options. The rendering itself is
``renderHTML`` in ``packages/rendermime/src/renderers.ts``: ``host.innerHTML = sanitized``.

Ported here, to the letter, for what the book's figure outputs use:
- ``allowedTags``, ``allowedAttributes`` (global and per tag) as JupyterLab lists them, with
  ``allowNamedProperties`` false (its default): the ``*`` transform renames ``id`` to
  ``data-jupyter-id``, and ``name`` is not allowed;
- sanitize-html's ``disallowedTagsMode: 'discard'``: a tag that is not allowed is dropped and
  its text is kept (an inline ``<svg>``'s ``<text>`` labels stay as bare text), except inside
  ``nonTextTags`` (``script``, ``style``, ``textarea``, ``option``), whose text is dropped too;
- ``nonBooleanAttributes``: an attribute of that list with an empty value is dropped unless it
  is in ``allowedEmptyAttributes`` (``alt``): so ``<p hidden>`` loses ``hidden`` and shows,
  while ``hidden="hidden"`` stays;
- the URL scheme check applies to ``href`` and ``cite`` only
  (``allowedSchemesAppliedToAttributes``): ``<img src="data:...">`` is kept as written;
- the ``a`` and ``input`` transforms (``rel="nofollow"``, ``disabled``), ``selfClosing`` tags.
Not ported: ``allowedStyles`` (the CSS property regexes): a ``style`` attribute raises, so a
figure that starts to use one makes its test fail until the port covers it.

The tokenizer is the standard library's ``html.parser`` (sanitize-html uses htmlparser2, also a
streaming tokenizer, in HTML mode with entities decoded); void elements are closed at once, as
htmlparser2 does.
"""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

# packages/apputils/src/sanitizer.ts (v4.5.10), Sanitizer._generateOptions: allowedTags.
ALLOWED_TAGS = frozenset("""
a abbr acronym address area article aside audio b bdi bdo big blockquote br button canvas caption
center cite code col colgroup colspan command data datalist dd del details dfn dir div dl dt em
fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr i img input ins kbd
label legend li map mark menu meter nav nobr ol optgroup option output p pre progress q rowspan s
samp section select small source span strike strong sub summary sup table tbody td textarea tfoot
th thead time tr track tt u ul var video wbr
""".split())

# The same file: allowedAttributes, with allowNamedProperties = false (no 'name' anywhere).
GLOBAL_ATTRIBUTES = frozenset("""
class data-jupyter-id dir draggable hidden id inert itemprop itemref itemscope lang spellcheck style
title translate
""".split())
TAG_ATTRIBUTES = {tag: frozenset(names.split()) for tag, names in {
    "a": "accesskey coords href hreflang rel shape tabindex target type",
    "area": "accesskey alt coords href nohref shape tabindex",
    "audio": "autoplay controls loop mediagroup muted preload src",
    "bdo": "dir", "blockquote": "cite", "br": "clear",
    "button": "accesskey data-commandlinker-args data-commandlinker-command disabled tabindex type value",
    "canvas": "height width", "caption": "align",
    "col": "align char charoff span valign width", "colgroup": "align char charoff span valign width",
    "command": "checked command disabled icon label radiogroup type",
    "data": "value", "del": "cite datetime", "details": "open", "dir": "compact", "div": "align",
    "dl": "compact", "fieldset": "disabled", "font": "color face size",
    "form": "accept autocomplete enctype method novalidate",
    "h1": "align", "h2": "align", "h3": "align", "h4": "align", "h5": "align", "h6": "align",
    "hr": "align noshade size width",
    "iframe": "align frameborder height marginheight marginwidth width",
    "img": "align alt border height hspace ismap src usemap vspace width",
    "input": "accept accesskey align alt autocomplete checked disabled inputmode ismap list max "
             "maxlength min multiple placeholder readonly required size src step tabindex type "
             "usemap value",
    "ins": "cite datetime", "label": "accesskey for", "legend": "accesskey align",
    "li": "type value", "map": "", "menu": "compact label type", "meter": "high low max min value",
    "ol": "compact reversed start type", "optgroup": "disabled label",
    "option": "disabled label selected value", "output": "for", "p": "align", "pre": "width",
    "progress": "max min value", "q": "cite",
    "select": "autocomplete disabled multiple required size tabindex", "source": "type",
    "table": "align bgcolor border cellpadding cellspacing frame rules summary width",
    "tbody": "align char charoff valign",
    "td": "abbr align axis bgcolor char charoff colspan headers height nowrap rowspan scope valign width",
    "textarea": "accesskey autocomplete cols disabled inputmode placeholder readonly required rows "
                "tabindex wrap",
    "tfoot": "align char charoff valign",
    "th": "abbr align axis bgcolor char charoff colspan headers height nowrap rowspan scope valign width",
    "thead": "align char charoff valign", "tr": "align bgcolor char charoff valign",
    "track": "default kind label srclang", "ul": "compact type",
    "video": "autoplay controls height loop mediagroup muted poster preload src width",
}.items()}

# sanitize-html 2.12.1 (index.js): defaults JupyterLab does not override.
NON_TEXT_TAGS = frozenset({"script", "style", "textarea", "option"})
SELF_CLOSING = frozenset({"img", "br", "hr", "area", "base", "basefont", "input", "link", "meta"})
ALLOWED_EMPTY_ATTRIBUTES = frozenset({"alt"})
NON_BOOLEAN_ATTRIBUTES = frozenset("""
abbr accept accept-charset accesskey action allow alt as autocapitalize autocomplete blocking
charset cite class color cols colspan content contenteditable coords crossorigin data datetime
decoding dir dirname download draggable enctype enterkeyhint fetchpriority for form formaction
formenctype formmethod formtarget headers height hidden high href hreflang http-equiv id
imagesizes imagesrcset inputmode integrity is itemid itemprop itemref itemtype kind label lang
list loading low max maxlength media method min minlength name nonce optimum pattern ping
placeholder popover popovertarget popovertargetaction poster preload referrerpolicy rel rows
rowspan sandbox scope shape size sizes slot span spellcheck src srcdoc srclang srcset start step
style tabindex target title translate type usemap value width wrap
""".split()) | {a for a in """
onauxclick onafterprint onbeforematch onbeforeprint onbeforeunload onbeforetoggle onblur oncancel
oncanplay oncanplaythrough onchange onclick onclose oncontextlost oncontextmenu oncontextrestored
oncopy oncuechange oncut ondblclick ondrag ondragend ondragenter ondragleave ondragover
ondragstart ondrop ondurationchange onemptied onended onerror onfocus onformdata onhashchange
oninput oninvalid onkeydown onkeypress onkeyup onlanguagechange onload onloadeddata
onloadedmetadata onloadstart onmessage onmessageerror onmousedown onmouseenter onmouseleave
onmousemove onmouseout onmouseover onmouseup onoffline ononline onpagehide onpageshow onpaste
onpause onplay onplaying onpopstate onprogress onratechange onreset onresize onrejectionhandled
onscroll onscrollend onsecuritypolicyviolation onseeked onseeking onselect onslotchange onstalled
onstorage onsubmit onsuspend ontimeupdate ontoggle onunhandledrejection onunload onvolumechange
onwaiting onwheel
""".split()}
ALLOWED_SCHEMES = ("http", "https", "ftp", "mailto", "tel")
SCHEMES_BY_TAG = {"img": ALLOWED_SCHEMES + ("attachment",)}  # JupyterLab's allowedSchemesByTag
SCHEMES_APPLIED_TO = frozenset({"href", "cite"})  # JupyterLab: src is not checked (issue 5183)
VALID_ATTRIBUTE_NAME = re.compile(r"^[^\0\t\n\f\r /<=>]+$")
# htmlparser2's void elements: closed as soon as they open.
VOID = frozenset("area base basefont br col command embed frame hr image img input isindex "
                 "keygen link meta param source track wbr".split())


def _naughty_href(tag: str, href: str) -> bool:
    """sanitize-html's naughtyHref: a URL whose scheme is not allowed (for this tag)."""
    href = re.sub(r"[\x00-\x20]+", "", href)
    href = re.sub(r"<!--.*?-->", "", href)
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9.\-+]*):", href)
    if not match:
        return False  # relative, or protocol-relative (allowProtocolRelative: true)
    return match[1].lower() not in SCHEMES_BY_TAG.get(tag, ALLOWED_SCHEMES)


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, dropped)
        self.skip_text_depth = 0  # > 0 inside a dropped nonTextTag

    def handle_starttag(self, tag, attrs):
        if self.skip_text_depth:
            self.skip_text_depth += 1
            return
        attribs = dict(attrs)
        if tag == "a":
            attribs["rel"] = "nofollow"
        elif tag == "input":
            attribs["disabled"] = "disabled"
        if "id" in attribs:  # the '*' transform (allowNamedProperties false)
            attribs["data-jupyter-id"] = attribs.pop("id")
        dropped = tag not in ALLOWED_TAGS
        self.stack.append((tag, dropped))
        if dropped:
            if tag in NON_TEXT_TAGS:
                self.skip_text_depth = 1
        else:
            self.out.append("<" + tag + "".join(self._attribute(tag, a, v) for a, v in attribs.items()))
            self.out.append(" />" if tag in SELF_CLOSING else ">")
        if tag in VOID:
            self.handle_endtag(tag)

    def _attribute(self, tag, name, value):
        value = "" if value is None else value
        if not VALID_ATTRIBUTE_NAME.match(name):
            return ""
        if value == "" and name not in ALLOWED_EMPTY_ATTRIBUTES and name in NON_BOOLEAN_ATTRIBUTES:
            return ""
        if name not in GLOBAL_ATTRIBUTES and name not in TAG_ATTRIBUTES.get(tag, ()):
            return ""
        if name in SCHEMES_APPLIED_TO and _naughty_href(tag, value):
            return ""
        if name == "style":
            raise NotImplementedError(f"<{tag} style=...>: allowedStyles is not ported (lab_sanitizer.py)")
        if value:
            return f' {name}="{escape(value, quote=True)}"'
        return f' {name}=""' if name in ALLOWED_EMPTY_ATTRIBUTES else f" {name}"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <rect/> in SVG: htmlparser2 closes it (a foreign context)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip_text_depth:
            self.skip_text_depth -= 1
            if self.skip_text_depth:
                return
        if not self.stack or self.stack[-1][0] != tag:
            return  # htmlparser2 closes open children first; the figures' markup is well nested
        tag, dropped = self.stack.pop()
        if not dropped and tag not in SELF_CLOSING:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip_text_depth:
            self.out.append(escape(data, quote=False))


def sanitize(html: str) -> str:
    """The HTML that JupyterLab puts into the page for an untrusted ``text/html`` output."""
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attribs = dict(attrs)
        if tag == "img" and not self.hidden_depth:
            self.images.append(attribs)
        if tag in VOID:
            return
        hidden = "hidden" in attribs
        self.stack.append(hidden)
        self.hidden_depth += hidden

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.hidden_depth -= self.stack.pop()

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def shown(sanitized: str) -> tuple[str, list[dict]]:
    """What a reader sees of sanitized HTML with no style sheet of the book: its text outside
    elements with the ``hidden`` attribute (text nodes joined by a space, whitespace folded), and
    its visible images' attributes."""
    parser = _Text()
    parser.feed(sanitized)
    parser.close()
    return " ".join(" ".join(parser.parts).split()), parser.images
