"""The demo's photos: three illustrations drawn here, so that the demo shows pictures without borrowing any."""

import io

from PIL import Image, ImageDraw

SIZE = (1800, 1200)
CREDIT = "Newsdesk / illustration de démonstration"


def _canvas(sky):
    picture = Image.new("RGB", SIZE, sky)
    return picture, ImageDraw.Draw(picture)


def flood():
    """A brown river over its banks, between roofs, under a grey sky."""
    picture, draw = _canvas((150, 160, 170))
    w, h = SIZE
    draw.rectangle((0, h * 0.55, w, h), fill=(120, 95, 60))
    for x in range(80, w, 330):
        draw.rectangle((x, h * 0.38, x + 200, h * 0.62), fill=(225, 215, 195))
        draw.polygon([(x - 20, h * 0.38), (x + 100, h * 0.26), (x + 220, h * 0.38)], fill=(165, 70, 50))
        draw.rectangle((x + 80, h * 0.5, x + 120, h * 0.62), fill=(90, 70, 50))
    for y in range(int(h * 0.62), h, 45):
        draw.line((0, y, w, y + 12), fill=(140, 112, 72), width=6)
    return picture


def airport():
    """Airliners parked on an apron under a pale sky, a control tower behind them."""
    picture, draw = _canvas((200, 215, 230))
    w, h = SIZE
    draw.rectangle((0, h * 0.62, w, h), fill=(120, 120, 118))
    draw.rectangle((w * 0.8, h * 0.2, w * 0.86, h * 0.62), fill=(215, 212, 205))
    draw.rectangle((w * 0.77, h * 0.14, w * 0.89, h * 0.22), fill=(60, 90, 110))
    for x in (w * 0.06, w * 0.42):
        draw.ellipse((x, h * 0.6, x + w * 0.32, h * 0.7), fill=(245, 245, 242))
        draw.polygon([(x + w * 0.12, h * 0.66), (x + w * 0.2, h * 0.66), (x + w * 0.1, h * 0.8)], fill=(225, 225, 222))
        draw.polygon([(x + w * 0.27, h * 0.62), (x + w * 0.31, h * 0.48), (x + w * 0.33, h * 0.62)], fill=(20, 70, 140))
    for x in range(0, w, 160):
        draw.rectangle((x, h * 0.85, x + 90, h * 0.86), fill=(230, 200, 40))
    return picture


def mosaic():
    """A floor mosaic: ochre, terracotta and black tesserae around a rosette."""
    picture, draw = _canvas((225, 205, 160))
    w, h = SIZE
    colours = [(190, 90, 50), (230, 190, 110), (40, 35, 30), (240, 230, 210)]
    step = 40
    for y in range(0, h, step):
        for x in range(0, w, step):
            ring = int(((x - w / 2) ** 2 + (y - h / 2) ** 2) ** 0.5 // 120)
            draw.rectangle((x + 3, y + 3, x + step - 3, y + step - 3), fill=colours[ring % len(colours)])
    return picture


def jpeg(picture):
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


# key of the demo article: (drawing, alt text, caption)
PICTURES = {
    "aude-crues-saint-aurele": (
        flood,
        "Une rivière en crue, boueuse, recouvre les jardins d'une rangée de maisons aux toits rouges",
        "L'Orbieu est sorti de son lit à Saint-Aurèle, où les premières maisons ont été évacuées dans la nuit.",
    ),
    "greve-controleurs-aeriens": (
        airport,
        "Deux avions de ligne immobilisés sur le tarmac, devant la tour de contrôle",
        "Des appareils cloués au sol à l'aéroport de Marseille, premier jour de la grève des contrôleurs.",
    ),
    "nimes-villa-gallo-romaine": (
        mosaic,
        "Une mosaïque aux tesselles ocre, rouges et noires dessine des cercles autour d'une rosace",
        "Détail d'une mosaïque de la villa mise au jour à Nîmes.",
    ),
}
