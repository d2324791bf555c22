"""Option texts several commands share, so that each says the same thing."""

from __future__ import annotations

# What `harmwatch.gazetteer.userfiles.read_places` reads (tests/test_cli_options.py checks it).
GAZETTEER_FILE_HELP = (
    "Extra gazetteer file, repeatable: a UTF-8 CSV whose header holds name,lat,lon (optional: "
    "admin1, admin2, country, alternate_names separated by '|', feature); a village table "
    "(name,alt_names,lat,lon,admin1,admin2,country,feature_code,population,source_id); or a "
    "GeoNames country dump (CC.txt, or CC.zip as downloaded)."
)
