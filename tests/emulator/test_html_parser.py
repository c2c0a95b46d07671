"""The HTML parser against TDLib's own test cases, the formatting spec, and hypothesis."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.devtools.emulator import HtmlParseError, parse_html, render_plain

ARENA = "🏟 🏟&lt;"  # TDLib's tests prefix this: 13 bytes, so offsets below are byte offsets


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        (f"{ARENA}<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        (f"{ARENA}<abacaba", "Unclosed start tag at byte offset 13"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        (
            f"{ARENA}<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        (f"{ARENA}</", "Unexpected end tag at byte offset 13"),
        (f"{ARENA}<b></b></", "Unexpected end tag at byte offset 20"),
        (f"{ARENA}<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (f"{ARENA}<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        (f"{ARENA}<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        (f"{ARENA}<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        (f'{ARENA}<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
        (
            "&#57311;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_refuses_what_telegram_refuses(source: str, message: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert str(caught.value) == message


def test_every_supported_tag_parses_to_its_entity() -> None:
    source = (
        "<b>b</b><strong>b</strong><i>i</i><em>i</em><u>u</u><ins>u</ins><s>s</s>"
        '<strike>s</strike><del>s</del><span class="tg-spoiler">p</span><tg-spoiler>p</tg-spoiler>'
        '<a href="http://www.example.com/">l</a><a href="tg://user?id=123456789">m</a>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        '<tg-time unix="1647531900" format="wDT">t</tg-time><code>c</code><pre>p</pre>'
        '<pre><code class="language-python">x</code></pre>'
        "<blockquote>q</blockquote><blockquote expandable>e</blockquote>"
    )
    parsed = parse_html(source)
    assert parsed.text == "bbiiuussspplm👍tcpxqe"
    kinds = [entity["type"] for entity in parsed.entities]
    assert kinds == [
        "bold", "bold", "italic", "italic", "underline", "underline",
        "strikethrough", "strikethrough", "strikethrough", "spoiler", "spoiler",
        "text_link", "text_mention", "custom_emoji", "date_time", "code", "pre", "pre",
        "blockquote", "expandable_blockquote",
    ]  # fmt: skip
    python = next(e for e in parsed.entities if e.get("language"))
    assert python == {"type": "pre", "offset": 18, "length": 1, "language": "python"}
    emoji = next(e for e in parsed.entities if e["type"] == "custom_emoji")
    assert (emoji["offset"], emoji["length"]) == (13, 2)  # UTF-16: the emoji is a pair


def test_entities_and_offsets_follow_tdlib() -> None:
    parsed = parse_html("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>")
    assert parsed.text == "🏟 🏟🏟 ><🏟"
    assert parsed.entities == [
        {"type": "italic", "offset": 5, "length": 7},
        {"type": "bold", "offset": 9, "length": 3},
    ]


def test_unknown_named_entity_stays_literal_like_telegram() -> None:
    # TDLib's decode_html_entity returns 0 for &foo;, and the text keeps it verbatim.
    parsed = parse_html("&lt;&gt;&amp;&quot;&laquo;&foo;&#12345678;&#x41;&#66")
    assert parsed.text == '<>&"&laquo;&foo;&#12345678;AB'


def test_empty_tags_make_no_entity_and_end_tag_may_be_anonymous() -> None:
    assert parse_html("<b></b>x").entities == []
    assert parse_html("<i>a</>").entities == [{"type": "italic", "offset": 0, "length": 1}]


def test_links_are_checked_and_normalised() -> None:
    assert parse_html("<a href=telegram.org>x</a>").entities[0]["url"] == "http://telegram.org/"
    assert parse_html("<a>telegram.org</a>").entities[0]["url"] == "http://telegram.org/"
    assert parse_html("<a>telegram.org </a>").entities == []  # not a link: no entity, no error
    assert parse_html('<a href="not a url">x</a>').entities == []


@given(st.text())
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    source = html.escape(text, quote=False)
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates cannot travel over the Bot API at all
    assert parse_html(source).text == text


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"])), st.sampled_from("biusq"))
def test_escaped_text_inside_a_tag_is_one_entity(text: str, tag: str) -> None:
    tag = {"q": "blockquote"}.get(tag, tag)
    parsed = parse_html(f"<{tag}>{html.escape(text)}</{tag}>")
    assert parsed.text == text
    assert len(parsed.entities) == (1 if text else 0)


def test_render_plain_shows_what_a_phone_shows() -> None:
    source = (
        "<b>Итоги</b> &amp; план\n"
        '<a href="https://example.com/report">отчёт</a> · <a href="https://x.org/">https://x.org/</a>\n'
        "<blockquote>первая\nвторая</blockquote>"
    )
    assert render_plain(source) == (
        "Итоги & план\nотчёт (https://example.com/report) · https://x.org/\n│ первая\n│ вторая"
    )
