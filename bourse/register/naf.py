"""From an activity code (NAF rév. 2, as Sirene and surveys give it) to Bourse's sector and the
observatory's class, and whether the activity occupies a shop unit at all.

The table below is the one Bourse ships; ``docs/register.md`` explains it. Each line is a code
prefix: the longest prefix that matches a code wins (``47.73`` pharmacies before ``47`` retail).
A code no line matches is not a street-level shop (a head office, ``70.10Z``; a holding,
``64.20Z``; a plumber working from home, ``43.22A``; a farm): Sirene rows with it are left out,
and a survey giving it is asked to name a sector instead.

Classes follow the usual observatory split: *convenience* (everyday needs bought close to home),
*comparison* (goods people compare before buying), *leisure* (eating out, going out) and
*service* (services over a counter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# prefix, sector, class, what it is
TABLE = """
10.13B, food, convenience, charcuterie
10.71B, food, convenience, cuisson de produits de boulangerie
10.71C, food, convenience, boulangerie et boulangerie-pâtisserie
10.71D, food, convenience, pâtisserie
10.82Z, food, convenience, chocolaterie, confiserie
47.11, food, convenience, commerce non spécialisé à prédominance alimentaire (supérettes, épiceries)
47.19, personal_goods, comparison, grand magasin, bazar
47.2, food, convenience, commerce alimentaire spécialisé (primeur, boucherie, poissonnerie, caviste…)
47.26Z, services, convenience, tabac
47.3, services, service, carburants
47.4, home_culture, comparison, informatique, téléphonie, électroménager
47.5, home_culture, comparison, équipement du foyer (textiles, quincaillerie, meubles, luminaires)
47.61Z, home_culture, comparison, librairie
47.62Z, home_culture, convenience, journaux et papeterie
47.63Z, home_culture, comparison, musique et vidéo
47.64Z, personal_goods, comparison, articles de sport
47.65Z, home_culture, comparison, jeux et jouets
47.71Z, personal_goods, comparison, habillement
47.72, personal_goods, comparison, chaussures et maroquinerie
47.73Z, health_beauty, convenience, pharmacie
47.74Z, health_beauty, comparison, articles médicaux et orthopédiques
47.75Z, health_beauty, comparison, parfumerie et produits de beauté
47.76Z, home_culture, comparison, fleurs, plantes, animalerie
47.77Z, personal_goods, comparison, horlogerie et bijouterie
47.78A, health_beauty, comparison, optique
47.78B, services, convenience, charbons et combustibles
47.78C, personal_goods, comparison, autres commerces spécialisés (galeries d'art, cadeaux…)
47.79Z, personal_goods, comparison, biens d'occasion, brocante, dépôt-vente
47.8, personal_goods, comparison, commerce sur marchés (stand en dur)
55.10Z, restaurant, leisure, hôtel
56.10A, restaurant, leisure, restauration traditionnelle
56.10B, restaurant, leisure, cafétéria, libre-service
56.10C, restaurant, leisure, restauration rapide
56.30Z, restaurant, leisure, débit de boissons, café, bar
59.14Z, home_culture, leisure, cinéma
64.19Z, services, service, agence bancaire
66.22Z, services, service, agent et courtier d'assurances
68.31Z, services, service, agence immobilière
74.20Z, services, service, photographe
77.22Z, home_culture, leisure, location de vidéo et jeux
79.11Z, services, service, agence de voyage
82.19Z, services, service, photocopie, reprographie
85.53Z, services, service, auto-école
92.00Z, services, leisure, jeux de hasard et d'argent
93.13Z, health_beauty, leisure, salle de sport
93.29Z, restaurant, leisure, autres activités récréatives et de loisirs
95.1, services, service, réparation d'ordinateurs et de téléphones
95.2, crafts, service, réparation de biens personnels (cordonnerie, horlogerie, retouches)
96.01B, services, service, pressing, blanchisserie de détail
96.02A, health_beauty, service, coiffure
96.02B, health_beauty, service, soins de beauté
96.03Z, services, service, pompes funèbres
96.04Z, health_beauty, service, entretien corporel (spa, hammam)
96.09Z, crafts, service, autres services personnels (tatouage, toilettage…)
"""


@dataclass(frozen=True)
class Activity:
    prefix: str
    sector: str
    obs_class: str
    description: str


ACTIVITIES: tuple[Activity, ...] = tuple(
    Activity(*(part.strip() for part in line.split(",", 3))) for line in TABLE.strip().splitlines())
_BY_PREFIX = {a.prefix: a for a in ACTIVITIES}
_LONGEST = max(len(a.prefix) for a in ACTIVITIES)
_CODE = re.compile(r"^(\d{2})\.?(\d{1,2})?([A-Z])?$")


def normalise(code: str) -> str | None:
    """``"4711f"``, ``"47.11F"``, ``" 47.11 F "`` → ``"47.11F"``; None when it is not shaped like a NAF code."""
    match = _CODE.match("".join((code or "").split()).upper())
    if not match or (match.group(3) and len(match.group(2) or "") != 2):
        return None
    division, rest, letter = match.groups()
    return f"{division}.{rest or ''}{letter or ''}".rstrip(".")


def activity(code: str) -> Activity | None:
    """The table's line for a NAF code, or None when the activity does not occupy a shop unit."""
    code = normalise(code)
    if code is None:
        return None
    for length in range(min(len(code), _LONGEST), 1, -1):
        found = _BY_PREFIX.get(code[:length])
        if found is not None:
            return found
    return None
