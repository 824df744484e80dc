"""Cut small excerpts of the real PDFs in ../shared/corpus/wild/ into regression fixtures.

    python tests/data/wild/make.py      # rewrites tests/data/wild/*.pdf

Each excerpt keeps the pages that carry the layout the parsers must understand.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
WILD = HERE.parents[3] / "shared" / "corpus" / "wild"

EXCERPTS = {  # source stem -> 0-based pages to keep
    "alameda_city_council_minutes_2023-12-19": [0, 1, 2],
    "alameda_open_government_commission_minutes_2023-07-11": [0, 1, 2, 3],
    "cuyahoga_board_of_health_agenda_2019-04-24": [0, 1],
    "horsley_neighbourhood_plan_wg_minutes_2014-10-19": [0, 1, 2],
    "horsley_parish_council_minutes_garbled_textlayer": [0],
    "il_corrections_agenda_2019-11-04": [0],
    "ladwp_board_agenda_2022-01-25": [0, 1, 2, 3, 4],
    "rancho_palos_verdes_council_agenda_2022-12-06": [0, 1, 2],
    "tri_c_board_of_trustees_agenda_2019-09-26": [0, 1],
}


def main() -> None:
    for stem, pages in EXCERPTS.items():
        src = pdfium.PdfDocument(WILD / f"{stem}.pdf")
        out = pdfium.PdfDocument.new()
        out.import_pages(src, pages)
        out.save(HERE / f"{stem}.pdf")
        out.close()
        src.close()
        print(stem, len(pages), "pages")


if __name__ == "__main__":
    main()
