"""Django's own date displays (the admin, a bare {{ value|date }}) in the portal's style, per language.

The portal's pages and emails format through nmc_portal.dates ({% load when %}), which also states the
zone and writes « 13 h » and « 1er »; these formats only keep Django's fallbacks from showing
"Nov. 10, 2026" or a French "16:22". A non-breaking space ties the number to what follows.
"""
