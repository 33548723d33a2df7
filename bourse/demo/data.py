"""A believable Auray town centre: real streets, approximate real coordinates."""

from __future__ import annotations

from dataclasses import dataclass

# A notice about the demo passwords, not a password.
DEMO_PASSWORD_NOTE = "Demo accounts; change or delete them before going live."  # nosec B105


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    password: str
    full_name: str
    role: str


DEMO_USERS = (
    DemoUser("admin", "admin@bourse-demo.fr", "Demo-Admin-2026!", "Camille Admin", "admin"),
    DemoUser("manager", "manager@bourse-demo.fr", "Demo-Manager-2026!", "Yann Le Goff", "town_manager"),
    DemoUser("landlord", "bailleur@bourse-demo.fr", "Demo-Bailleur-2026!", "SCI du Loch", "landlord"),
    DemoUser("entrepreneur", "porteur@bourse-demo.fr", "Demo-Porteur-2026!", "Nolwenn Guillo", "entrepreneur"),
    DemoUser("jury", "jury@bourse-demo.fr", "Demo-Jury-2026!", "Anne Le Floc'h", "jury_member"),
)

# Other applicants to the test boutique, so the jury has applications to score:
# (e-mail, full name, project name, sector, concept, slot index).
DEMO_APPLICANTS = (
    ("maelle@bourse-demo.fr", "Maëlle Le Bihan", "Atelier céramique du Belzic", "crafts",
     "Atelier-boutique de céramique : pièces tournées sur place, cours du soir.", 0),
    ("erwan@bourse-demo.fr", "Erwan Tanguy", "Librairie jeunesse Ti Levrioù", "home_culture",
     "Librairie jeunesse bilingue français-breton, lectures le mercredi.", 1),
)

# (street, lon, lat): points along Auray's real commercial streets, from the upper town
# around Place de la République down to the port of Saint-Goustan.
STREETS = (
    ("Place de la République", -2.98285, 47.66805),
    ("Rue du Lait", -2.98195, 47.66838),
    ("Rue du Château", -2.98055, 47.66745),
    ("Rue du Belzic", -2.98420, 47.66905),
    ("Rue Georges Clemenceau", -2.98560, 47.66950),
    ("Rue Abbé Joseph Martin", -2.98390, 47.66740),
    ("Place Notre-Dame", -2.98430, 47.66705),
    ("Rue Joseph Rollo", -2.98270, 47.67005),
    ("Rue du Jeu de Paume", -2.98150, 47.66900),
    ("Rue Philippe Vannier", -2.98700, 47.67050),
    ("Avenue du Général de Gaulle", -2.98520, 47.67150),
    ("Place Saint-Sauveur", -2.97760, 47.66630),
    ("Rue Saint-René", -2.97700, 47.66590),
    ("Quai Franklin", -2.97830, 47.66650),
    ("Rue du Père Éternel", -2.97790, 47.66590),
)

# (title, street index, number, sales m², rent €/year or None, deal, status, sector while let, extras)
PREMISES = (
    ("Boutique d'angle lumineuse", 0, "4", 62, 14400, "to_let", "published", None, {"step_free": True, "frontage": 9.5}),
    ("Ancienne mercerie", 1, "11", 38, 7800, "to_let", "published", None, {"frontage": 5}),
    ("Local avec extraction, ex-crêperie", 2, "7", 55, 12000, "lease_transfer", "published", None, {"extraction": True}),
    ("Petite cellule pour boutique à l'essai", 3, "18", 32, 4800, "to_let", "published", None, {"step_free": True}),
    ("Commerce traversant", 4, "23", 90, 18600, "to_let", "published", None, {"frontage": 11}),
    ("Local de services rez-de-chaussée", 5, "3", 44, 8400, "to_let", "published", None, {}),
    ("Boutique face à l'église", 6, "2", 48, 9600, "to_let", "published", None, {"step_free": True}),
    ("Murs commerciaux à vendre", 7, "9", 70, None, "walls_for_sale", "published", None, {}),
    ("Fonds de commerce épicerie fine", 8, "5", 58, 10800, "business_for_sale", "published", None, {}),
    ("Atelier-boutique d'artisan", 9, "14", 65, 9000, "to_let", "published", None, {"extraction": True}),
    ("Grand local avenue", 10, "31", 140, 24000, "to_let", "published", None, {"step_free": True, "frontage": 14}),
    ("Boutique sur le port", 11, "6", 40, 10200, "to_let", "published", None, {}),
    ("Local restaurant quai", 13, "3", 85, 19800, "lease_transfer", "published", None, {"extraction": True}),
    ("Petit local Saint-Goustan", 14, "8", 28, 5400, "to_let", "published", None, {}),
    ("Cellule en travaux", 2, "21", 36, 6600, "to_let", "draft", None, {}),
    ("Local à rafraîchir", 4, "40", 52, 8400, "to_let", "draft", None, {}),
    ("Ex-agence bancaire", 0, "12", 120, 21600, "to_let", "draft", None, {"step_free": True}),
    ("Boutique sous compromis", 1, "3", 45, 9000, "to_let", "under_offer", None, {}),
    ("Local en négociation", 3, "27", 50, 9600, "to_let", "under_offer", None, {}),
    ("Ancienne librairie", 8, "12", 60, 10800, "to_let", "under_offer", None, {}),
    ("Local quai en négociation", 13, "9", 75, 15000, "lease_transfer", "under_offer", None, {"extraction": True}),
    ("Boulangerie du Lait", 1, "20", 70, 13200, "to_let", "let", "food", {"extraction": True}),
    ("Salon de coiffure", 3, "6", 42, 8400, "to_let", "let", "health_beauty", {}),
    ("Crêperie de la place", 0, "9", 80, 16800, "to_let", "let", "restaurant", {"extraction": True}),
    ("Boutique de vêtements", 4, "15", 66, 13200, "to_let", "let", "personal_goods", {}),
    ("Librairie-papeterie", 5, "8", 58, 9600, "to_let", "let", "home_culture", {}),
    ("Poterie d'art", 12, "4", 35, 6000, "to_let", "let", "crafts", {}),
    ("Agence immobilière", 7, "2", 40, 9600, "to_let", "let", "services", {}),
    ("Bar du port", 11, "10", 95, 21000, "to_let", "let", "restaurant", {"extraction": True}),
    ("Local retiré de la vente", 9, "3", 48, 7200, "to_let", "withdrawn", None, {}),
    ("Ancien pressing", 10, "17", 60, 9000, "to_let", "withdrawn", None, {}),
)
