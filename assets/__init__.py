"""Fonts, icons, style sheets, sounds, translations, the demo catalogue and the test key."""
