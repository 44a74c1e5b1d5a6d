"""The signature stamp's font: the Noto Sans CJK SC face cut down to what the stamp can show."""

import io

from django.conf import settings
from fontTools.ttLib import TTFont

from certificates import signing


def cut_stamp_font() -> TTFont:
    signing._stamp_font.cache_clear()
    try:
        return TTFont(io.BytesIO(signing.stamp_font()))
    finally:
        signing._stamp_font.cache_clear()


def test_the_stamp_font_has_a_glyph_for_every_character_the_stamp_can_show(db):
    font = cut_stamp_font()

    cmap = font.getBestCmap()
    shown = set(signing.STAMP_CHARACTERS + settings.CERTIFICATE_SIGNING_ISSUER)
    assert {character for character in shown if ord(character) not in cmap} == set()
    assert font["CFF "].cff[0].CharStrings[cmap[ord("签")]].bytecode  # an outline, not an empty glyph


def test_the_stamp_font_keeps_only_those_characters_and_the_faces_names(db):
    font = cut_stamp_font()

    assert len(font.getBestCmap()) <= len(set(signing.STAMP_CHARACTERS + settings.CERTIFICATE_SIGNING_ISSUER))
    assert font["name"].getDebugName(6) == "NotoSansCJKsc-Regular"  # the PostScript name the PDF names
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC"
