"""Word lists for synthetic directories: names, places, topics and tags in English and Spanish."""

from __future__ import annotations

# State id -> (label, time zone, area codes, county names). "wa" extends the shipped region.
STATES: dict[str, tuple[str, str, tuple[int, ...], tuple[str, ...]]] = {
    "wa": (
        "Washington",
        "America/Los_Angeles",
        (206, 253, 360, 425, 509, 564),
        ("Adams", "Asotin", "Benton", "Chelan", "Clallam", "Clark", "Columbia", "Cowlitz",
         "Douglas", "Ferry", "Franklin", "Garfield", "Grant", "Grays Harbor", "Island",
         "Jefferson", "Kitsap", "Kittitas", "Klickitat", "Lewis", "Lincoln", "Mason", "Okanogan",
         "Pacific", "Pend Oreille", "Pierce", "San Juan", "Skagit", "Skamania", "Snohomish",
         "Spokane", "Stevens", "Thurston", "Wahkiakum", "Walla Walla", "Whatcom", "Whitman",
         "Yakima"),
    ),
    "or": (
        "Oregon",
        "America/Los_Angeles",
        (503, 541, 971, 458),
        ("Baker", "Benton", "Clackamas", "Clatsop", "Columbia", "Coos", "Crook", "Curry",
         "Deschutes", "Douglas", "Jackson", "Josephine", "Klamath", "Lane", "Lincoln", "Linn",
         "Malheur", "Marion", "Multnomah", "Polk", "Tillamook", "Umatilla", "Union", "Wasco",
         "Washington", "Yamhill"),
    ),
    "ca": (
        "California",
        "America/Los_Angeles",
        (213, 310, 415, 510, 619, 714, 818, 916),
        ("Alameda", "Butte", "Contra Costa", "Fresno", "Humboldt", "Imperial", "Kern", "Kings",
         "Los Angeles", "Madera", "Marin", "Merced", "Monterey", "Napa", "Orange", "Placer",
         "Riverside", "Sacramento", "San Bernardino", "San Diego", "San Francisco", "San Joaquin",
         "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta", "Solano", "Sonoma",
         "Stanislaus", "Tulare", "Ventura", "Yolo"),
    ),
    "tx": (
        "Texas",
        "America/Chicago",
        (214, 512, 713, 210, 817, 915),
        ("Bexar", "Brazoria", "Cameron", "Collin", "Dallas", "Denton", "El Paso", "Fort Bend",
         "Galveston", "Harris", "Hidalgo", "Jefferson", "Lubbock", "McLennan", "Montgomery",
         "Nueces", "Smith", "Tarrant", "Travis", "Webb", "Williamson"),
    ),
    "ny": (
        "New York",
        "America/New_York",
        (212, 718, 917, 518, 585, 716),
        ("Albany", "Bronx", "Broome", "Dutchess", "Erie", "Kings", "Monroe", "Nassau",
         "New York", "Niagara", "Oneida", "Onondaga", "Orange", "Queens", "Richmond",
         "Rockland", "Saratoga", "Suffolk", "Ulster", "Westchester"),
    ),
    "fl": (
        "Florida",
        "America/New_York",
        (305, 407, 813, 904, 954),
        ("Alachua", "Brevard", "Broward", "Collier", "Duval", "Escambia", "Hillsborough", "Lake",
         "Lee", "Leon", "Manatee", "Marion", "Miami-Dade", "Orange", "Osceola", "Palm Beach",
         "Pasco", "Pinellas", "Polk", "Sarasota", "Seminole", "Volusia"),
    ),
    "il": (
        "Illinois",
        "America/Chicago",
        (312, 773, 217, 630, 847),
        ("Champaign", "Cook", "DuPage", "Kane", "Kankakee", "Lake", "LaSalle", "Macon",
         "Madison", "McHenry", "McLean", "Peoria", "Rock Island", "Sangamon", "St. Clair",
         "Tazewell", "Will", "Winnebago"),
    ),
    "az": (
        "Arizona",
        "America/Phoenix",
        (602, 480, 520, 928),
        ("Apache", "Cochise", "Coconino", "Gila", "Graham", "Maricopa", "Mohave", "Navajo",
         "Pima", "Pinal", "Santa Cruz", "Yavapai", "Yuma"),
    ),
}  # fmt: skip

TOLL_FREE = (800, 888, 877, 866, 855, 844, 833)

CITY_PARTS = (
    ("Oak", "Cedar", "Maple", "Pine", "River", "Lake", "Spring", "Fair", "Green", "Rock",
     "Clear", "Silver", "Elm", "Willow", "Bay", "Sun", "Brook", "Stone", "Mill", "Ash"),
    ("ville", "field", "dale", "wood", "ton", "view", "port", "ridge", "haven", "crest",
     "brook", " Falls", " Valley", " Springs", " Harbor", " Heights", "more", "land"),
)  # fmt: skip

NAME_PREFIXES = (
    "Cascade", "Evergreen", "Harbor", "Sound", "Rainier", "Pacific", "Summit", "Riverside",
    "Lakeside", "Valley", "Northwest", "Sunrise", "Bridge", "New Hope", "Safe Harbor",
    "Open Door", "Beacon", "Compass", "Lighthouse", "Unity", "La Esperanza", "Mi Casa",
    "Nuevo Amanecer", "Puente", "Horizon", "Keystone", "Willow", "Cedar", "Juniper", "Aurora",
    "Heartland", "Prairie", "Gateway", "Cornerstone", "Pathways", "Crossroads", "Anchor",
    "Harmony", "Resilience", "Phoenix", "Circle", "Roots", "Tide", "Mosaic", "Haven",
)  # fmt: skip

NAME_FOCUS = (
    "", "", "", "Women's", "Youth", "Family", "Immigrant", "Latino", "Community", "Survivors'",
    "Refugee", "Veterans", "Native", "Asian Pacific", "Workers'", "LGBTQ", "Neighborhood",
)  # fmt: skip

BRANCHES = ("North", "South", "East", "West", "Downtown", "Eastside", "Westside", "Central")


def _list(text: str) -> tuple[str, ...]:
    """'Legal Aid; Law Center' -> ("Legal Aid", "Law Center")."""
    return tuple(part.strip() for part in text.split(";"))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'lawyer / abogado; eviction / desalojo' -> (("lawyer", "abogado"), ...)."""
    return tuple((en.strip(), es.strip()) for en, es in (p.split("/") for p in _list(text)))


# Per category: how names end, what descriptions talk about, and tags (English / Spanish).
NAME_ENDINGS: dict[str, tuple[str, ...]] = {
    "legal": _list(
        "Legal Aid; Law Center; Legal Services; Justice Project; Immigration Law Clinic; "
        "Legal Clinic; Rights Project"
    ),
    "shelter": _list("Shelter; House; Housing Services; Haven; Safe House; Home; Residence"),
    "therapy": _list(
        "Counseling; Counseling Center; Behavioral Health; Wellness Center; Trauma Recovery; "
        "Healing Center"
    ),
    "jobs": _list(
        "Job Center; Employment Services; Workforce Center; Career Academy; Training Center; Works"
    ),
    "medical": _list(
        "Health Clinic; Medical Center; Community Health; Family Clinic; Health Services; "
        "Free Clinic"
    ),
    "hotline": _list("Crisis Line; Helpline; Hotline; Support Line; Warmline"),
    "advocacy": _list(
        "Advocacy Center; Advocates; Case Management; Survivor Network; Support Services"
    ),
}
TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "legal": _pairs(
        "immigration cases / casos de inmigración; T and U visas / visas T y U; "
        "wage theft / robo de salario; vacating criminal records / anular antecedentes penales; "
        "protection orders / órdenes de protección; housing and eviction / vivienda y desalojo"
    ),
    "shelter": _pairs(
        "emergency shelter / refugio de emergencia; transitional housing / vivienda transitoria; "
        "a safe place to stay / un lugar seguro para quedarse; rent help / ayuda con la renta"
    ),
    "therapy": _pairs(
        "trauma counseling / consejería para el trauma; support groups / grupos de apoyo; "
        "addiction treatment / tratamiento de adicciones; therapy / terapia"
    ),
    "jobs": _pairs(
        "job training / capacitación laboral; English classes / clases de inglés; "
        "finding a job / encontrar trabajo; GED classes / clases de GED"
    ),
    "medical": _pairs(
        "primary care / atención primaria; sexual health / salud sexual; "
        "forensic exams / exámenes forenses; prenatal care / atención prenatal"
    ),
    "hotline": _pairs(
        "crisis support / apoyo en crisis; safety planning / planes de seguridad; "
        "referrals / referidos; someone to talk to / alguien con quien hablar"
    ),
    "advocacy": _pairs(
        "case management / gestión de casos; accompaniment to court / acompañamiento a la corte; "
        "survivor advocacy / defensa de sobrevivientes; peer support / apoyo entre pares"
    ),
}
TAGS: dict[str, tuple[tuple[str, str], ...]] = {
    "legal": _pairs(
        "lawyer / abogado; immigration / inmigración; t visa / visa t; "
        "wage theft / robo de salario; eviction / desalojo; "
        "criminal record / antecedentes penales; free lawyer / abogado gratis; asylum / asilo; "
        "workers rights / derechos laborales"
    ),
    "shelter": _pairs(
        "shelter / refugio; housing / vivienda; emergency bed / cama de emergencia; "
        "transitional housing / vivienda transitoria; safe house / casa segura; "
        "homeless / sin hogar"
    ),
    "therapy": _pairs(
        "therapy / terapia; counseling / consejería; trauma / trauma; "
        "support group / grupo de apoyo; depression / depresión; anxiety / ansiedad; "
        "addiction / adicción"
    ),
    "jobs": _pairs(
        "jobs / trabajo; job training / capacitación laboral; resume / currículum; "
        "employment / empleo; ged / ged; english classes / clases de inglés"
    ),
    "medical": _pairs(
        "clinic / clínica; doctor / médico; sexual health / salud sexual; pregnancy / embarazo; "
        "forensic exam / examen forense; dental / dental"
    ),
    "hotline": _pairs(
        "crisis / crisis; hotline / línea de ayuda; domestic violence / violencia doméstica; "
        "trafficking / trata de personas; sexual assault / agresión sexual; suicide / suicidio"
    ),
    "advocacy": _pairs(
        "advocate / defensora; case manager / gestora de casos; "
        "survivor support / apoyo a sobrevivientes; outreach / alcance comunitario; "
        "peer support / apoyo entre pares; trafficking / trata de personas"
    ),
}

PEOPLE = (
    ("survivors of trafficking", "sobrevivientes de trata"),
    ("women and children", "mujeres y niños"),
    ("young people", "jóvenes"),
    ("immigrant families", "familias inmigrantes"),
    ("anyone who needs it", "cualquier persona que lo necesite"),
    ("farm workers", "trabajadores agrícolas"),
    ("LGBTQ people", "personas LGBTQ"),
)

OTHER_LANGUAGES = ("vi", "zh", "so", "ru", "ko", "tl", "am", "ti", "ar", "uk", "fr", "pt")
STREETS = ("Main", "Pine", "Union", "Jackson", "Rainier", "Market", "Broadway", "Oak", "1st",
           "2nd", "3rd", "Lincoln", "Madison", "Cedar", "Spring")  # fmt: skip
STREET_KINDS = ("St", "Ave", "Blvd", "Way", "Rd")
