"""harmwatch: a sourced, geolocated database of incidents of harm to civilians, built from
reports."""

__version__ = "0.1.0"
