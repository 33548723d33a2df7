"""Small files in the exact layout of INSEE's establishment file (StockEtablissement), and of its
geocoded variant: built here, never downloaded."""

from __future__ import annotations

import csv
import io

COLUMNS = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,"
    "typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
    "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,"
    "complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
    "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,"
    "libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,"
    "codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,"
    "libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,"
    "enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement"
).split(",")
GEO_COLUMNS = COLUMNS + ["longitude", "latitude", "geo_score", "geo_type", "geo_adresse", "geo_id", "geo_ligne",
                         "geo_l4", "geo_l5"]
AURAY_LAMBERT = (251435.47, 6746744.67)  # 4 place de la République, Auray


def establishment(n: int, commune: str = "56007", naf: str = "47.11F", state: str = "A", x: float | str = "",
                  y: float | str = "", created: str = "2015-04-01", since: str = "2015-04-01",
                  sign: str = "", lon: float | str = "", lat: float | str = "", street: str = "DU LAIT") -> dict:
    siren = f"{800000000 + n:09d}"
    x = AURAY_LAMBERT[0] + (n % 50) * 8 if x == "" and lon == "" else x
    y = AURAY_LAMBERT[1] + (n // 50) * 8 if y == "" and lon == "" else y
    return {
        "siren": siren, "nic": "00012", "siret": siren + "00012", "statutDiffusionEtablissement": "O",
        "dateCreationEtablissement": created, "trancheEffectifsEtablissement": "01", "anneeEffectifsEtablissement": "2022",
        "dateDernierTraitementEtablissement": "2024-03-12T09:15:00", "etablissementSiege": "true",
        "nombrePeriodesEtablissement": "1", "numeroVoieEtablissement": str(n % 90 + 1), "typeVoieEtablissement": "R",
        "libelleVoieEtablissement": street, "codePostalEtablissement": "56400",
        "libelleCommuneEtablissement": "AURAY" if commune == "56007" else "AILLEURS", "codeCommuneEtablissement": commune,
        "identifiantAdresseEtablissement": f"{commune}_0870_{n:05d}",
        "coordonneeLambertAbscisseEtablissement": str(x), "coordonneeLambertOrdonneeEtablissement": str(y),
        "dateDebut": since, "etatAdministratifEtablissement": state, "enseigne1Etablissement": sign or f"COMMERCE {n}",
        "activitePrincipaleEtablissement": naf, "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "caractereEmployeurEtablissement": "O", "longitude": str(lon), "latitude": str(lat),
    }


def sirene_file(rows: list[dict], geocoded: bool = False, separator: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, GEO_COLUMNS if geocoded else COLUMNS, delimiter=separator, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
