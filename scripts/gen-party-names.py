#!/usr/bin/env python3
"""Generate schemas/codelists/party-names.json: Party (country) names in English, French
and Spanish -> ISO 3166-1 alpha-3, for the AEF workbook import (domain brief 4.13 and
10 item 6: a Party may be given by name or by code).

Sources: the PyPI package `pycountry` (ISO 3166-1 names with the iso-codes project's
French and Spanish translations), plus the UN short names (UNTERM) where they differ
from ISO 3166 and the European Union (EUU), a Party to the Paris Agreement.

    pip install pycountry
    python3 scripts/gen-party-names.py > schemas/codelists/party-names.json
"""
import datetime
import gettext
import json
import sys
import unicodedata

import pycountry

# UN short names (UNTERM, en/fr/es) where they differ from ISO 3166 / pycountry, and
# Paris Agreement Parties or observers whose UN form is commonly typed.
UN = {
    "BOL": ("Bolivia (Plurinational State of)", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    "BRN": ("Brunei Darussalam", "Brunéi Darussalam", "Brunei Darussalam"),
    "CAF": ("Central African Republic", "République centrafricaine", "República Centroafricana"),
    "CIV": ("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    "COD": ("Democratic Republic of the Congo", "République démocratique du Congo", "República Democrática del Congo"),
    "COG": ("Congo", "Congo", "Congo"),
    "COK": ("Cook Islands", "Îles Cook", "Islas Cook"),
    "CPV": ("Cabo Verde", "Cabo Verde", "Cabo Verde"),
    "CZE": ("Czechia", "Tchéquie", "Chequia"),
    "DOM": ("Dominican Republic", "République dominicaine", "República Dominicana"),
    "FSM": ("Micronesia (Federated States of)", "Micronésie (États fédérés de)", "Micronesia (Estados Federados de)"),
    "GBR": ("United Kingdom of Great Britain and Northern Ireland", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
    "GMB": ("Gambia", "Gambie", "Gambia"),
    "GNB": ("Guinea-Bissau", "Guinée-Bissau", "Guinea-Bissau"),
    "GNQ": ("Equatorial Guinea", "Guinée équatoriale", "Guinea Ecuatorial"),
    "IRN": ("Iran (Islamic Republic of)", "Iran (République islamique d')", "Irán (República Islámica del)"),
    "KGZ": ("Kyrgyzstan", "Kirghizistan", "Kirguistán"),
    "KNA": ("Saint Kitts and Nevis", "Saint-Kitts-et-Nevis", "Saint Kitts y Nevis"),
    "KOR": ("Republic of Korea", "République de Corée", "República de Corea"),
    "LAO": ("Lao People's Democratic Republic", "République démocratique populaire lao", "República Democrática Popular Lao"),
    "LBY": ("Libya", "Libye", "Libia"),
    "LCA": ("Saint Lucia", "Sainte-Lucie", "Santa Lucía"),
    "MDA": ("Republic of Moldova", "République de Moldova", "República de Moldova"),
    "MKD": ("North Macedonia", "Macédoine du Nord", "Macedonia del Norte"),
    "MMR": ("Myanmar", "Myanmar", "Myanmar"),
    "NIU": ("Niue", "Nioué", "Niue"),
    "NLD": ("Netherlands (Kingdom of the)", "Pays-Bas (Royaume des)", "Países Bajos (Reino de los)"),
    "PRK": ("Democratic People's Republic of Korea", "République populaire démocratique de Corée", "República Popular Democrática de Corea"),
    "PSE": ("State of Palestine", "État de Palestine", "Estado de Palestina"),
    "RUS": ("Russian Federation", "Fédération de Russie", "Federación de Rusia"),
    "SSD": ("South Sudan", "Soudan du Sud", "Sudán del Sur"),
    "SWZ": ("Eswatini", "Eswatini", "Eswatini"),
    "SYR": ("Syrian Arab Republic", "République arabe syrienne", "República Árabe Siria"),
    "TLS": ("Timor-Leste", "Timor-Leste", "Timor-Leste"),
    "TUR": ("Türkiye", "Türkiye", "Türkiye"),
    "TZA": ("United Republic of Tanzania", "République-Unie de Tanzanie", "República Unida de Tanzanía"),
    "USA": ("United States of America", "États-Unis d'Amérique", "Estados Unidos de América"),
    "VAT": ("Holy See", "Saint-Siège", "Santa Sede"),
    "VCT": ("Saint Vincent and the Grenadines", "Saint-Vincent-et-les Grenadines", "San Vicente y las Granadinas"),
    "VEN": ("Venezuela (Bolivarian Republic of)", "Venezuela (République bolivarienne du)", "Venezuela (República Bolivariana de)"),
    "VNM": ("Viet Nam", "Viet Nam", "Viet Nam"),
    "EUU": ("European Union", "Union européenne", "Unión Europea"),
}

# Former or common English names still seen in registries and spreadsheets.
FORMER_EN = {
    "TUR": ["Turkey"],
    "CIV": ["Ivory Coast"],
    "CPV": ["Cape Verde"],
    "SWZ": ["Swaziland"],
    "MMR": ["Burma"],
}


def fold(s):
    """Case-, accent- and punctuation-insensitive key (as the importer matches)."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d.casefold() if c.isalnum())


def main():
    tr = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("fr", "es")
    }
    names = {}

    def add(code, lang, name):
        lst = names.setdefault(code, {"en": [], "fr": [], "es": []})[lang]
        if name and name not in lst:
            lst.append(name)

    for c in pycountry.countries:
        iso = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        iso = [n for n in iso if n]
        for n in iso:
            add(c.alpha_3, "en", n)
            for lang in ("fr", "es"):
                add(c.alpha_3, lang, tr[lang].gettext(n))
    for code, (en, fr, es) in UN.items():
        add(code, "en", en)
        add(code, "fr", fr)
        add(code, "es", es)
    for code, former in FORMER_EN.items():
        for n in former:
            add(code, "en", n)

    # Names that fold to one key for two codes would be ambiguous: report them.
    owners = {}
    for code, by_lang in names.items():
        for lang, lst in by_lang.items():
            for n in lst:
                owners.setdefault(fold(n), set()).add(code)
    for key, codes in sorted(owners.items()):
        if len(codes) > 1:
            print(f"ambiguous (left unmapped by the importer): {key} -> {sorted(codes)}", file=sys.stderr)

    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Party names",
        "description": "Names of Parties and countries in English, French and Spanish, by ISO 3166-1 alpha-3 code (plus EUU, the European Union). Not a closed list of codes (Party codes are checked by format): the AEF workbook import maps a Party given by name to its code (domain brief 4.13, 10 item 6). Generated by scripts/gen-party-names.py.",
        "x-a6-source": f"ISO 3166-1 names and their French and Spanish translations from the PyPI package pycountry {pycountry.__version__} (iso-codes project); UN short names in English, French and Spanish (UNTERM) where they differ; European Union (EUU) as a Party to the Paris Agreement",
        "x-a6-date": datetime.date.today().isoformat(),
        "x-a6-names": {code: names[code] for code in sorted(names)},
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
