"""English story templates for the newsroom's English-language outlet (fictional)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Para, Say


@dataclass(frozen=True, slots=True)
class EnCity:
    key: str  # Korean region tag, "광주"
    name: str  # "Gwangju"
    mayor: str  # "Mayor Jung Hae-on"
    river: str
    district: str
    resident: str  # "Park Young-ja, 67, a resident of Buk District"


EN_CITIES: dict[str, EnCity] = {
    "광주": EnCity(
        "광주",
        "Gwangju",
        "Mayor Jung Hae-on",
        "Yeongsan River",
        "Buk District",
        "Park Young-ja, 67, a resident of Buk District",
    ),
    "부산": EnCity(
        "부산",
        "Busan",
        "Mayor Yoon Ba-da",
        "Nakdong River",
        "Haeundae",
        "Lee Soon-geum, 71, who has lived in Haeundae for four decades",
    ),
    "서울": EnCity(
        "서울",
        "Seoul",
        "Mayor Han Ji-o",
        "Han River",
        "Mapo District",
        "Jeong Da-un, 34, an office worker in Mapo District",
    ),
}

EnStory = tuple[str, tuple[str, str], list[Para], tuple[str, ...]]


def _say(who: str, q1: str, q2: str | None = None) -> Say:
    return Say(who, q1, q2, lang="en")


def ai_cluster(c: EnCity) -> EnStory:
    return (
        f"{c.name} bets on an AI data hub to keep its graduates at home",
        (
            "Science ministry confirms a second phase worth 320 billion won",
            "Carmakers and energy firms to test products at the new data center",
        ),
        [
            f"{c.name} will open a public artificial intelligence data center next year, the city "
            "said on Wednesday, after the science ministry confirmed a second phase of funding "
            "for its AI cluster.",
            "The cluster now hosts 84 companies. City officials expect that number to more than "
            "double by 2030 as automotive, energy and health-care firms move in to test products.",
            _say(
                c.mayor,
                f"{c.name} planted the seeds of this industry, and now they are sprouting",
                "Our goal is simple: young people should not have to leave to find good work.",
            ),
            "Critics say the city still lacks the engineers to staff the companies it is courting.",
        ],
        (c.key,),
    )


def cold_snap(c: EnCity) -> EnStory:
    return (
        f"First cold wave advisory of the winter grips {c.name}",
        (
            "Morning lows to fall to minus 7 C through the weekend",
            "City opens 410 warming shelters and checks on elderly residents",
        ),
        [
            f"Weather authorities issued the season's first cold wave advisory for {c.name} on "
            "Friday, warning that morning temperatures would drop to minus 7 C.",
            "Forecasters said an expanding Siberian high would keep temperatures five to eight "
            "degrees below normal until Sunday, with strong winds making it feel colder still.",
            f"The city has opened 410 warming shelters in senior centers and community offices "
            f"across {c.name}.",
            _say(c.resident, "I keep the heater low to save money, so the shelter is a blessing"),
        ],
        (c.key,),
    )


def light_festival(c: EnCity) -> EnStory:
    return (
        f"Winter light festival returns to the banks of the {c.river}",
        (
            "Forty media-art works line a 2.4-kilometer riverside walk",
            "Night market and street performances every weekend until Jan. 4",
        ),
        [
            f"A winter light festival opened along the {c.river} in {c.name} on Friday, turning "
            "a 2.4-kilometer riverside path into an outdoor gallery of 40 media-art works.",
            "Organizers expect more than 380,000 visitors over the 39-day run and have doubled "
            "the number of safety staff after crowding complaints last year.",
            _say(c.mayor, "Even in the cold, we want people to come outside and share some warmth"),
            _say(
                c.resident, "We come every year with the kids, and this time there is more to see"
            ),
        ],
        (c.key,),
    )


def housing(c: EnCity) -> EnStory:
    return (
        f"{c.name} to build 1,200 low-rent homes for young workers",
        (
            "Rents set at 60 percent of market rates for up to 10 years",
            "Half of the units will sit near subway stations",
        ),
        [
            f"{c.name} will supply 1,200 public rental homes for young people and newlyweds by "
            "2028, charging about 60 percent of market rents for up to a decade.",
            f"Half of the homes will be built near transit stations in areas such as "
            f"{c.district}, with the rest close to industrial parks.",
            _say(
                c.mayor, "Housing costs should never be the reason a young person leaves this city"
            ),
            "Housing advocates welcomed the plan but said transport links would decide "
            "its success.",
        ],
        (c.key,),
    )


def river_otters(c: EnCity) -> EnStory:
    return (
        f"Otters return to the {c.river} after five years of restoration",
        ("Water quality improves to grade two", "Winter bird species up from 21 to 34"),
        [
            f"Families of Eurasian otters, an endangered species in Korea, have been spotted "
            f"repeatedly along the {c.river} in central {c.name}.",
            "The sightings come five years after the city tore out concrete embankments and "
            "rebuilt the river's natural banks. Water quality has improved by one grade.",
            _say(
                "a city ecologist",
                "Otters sit at the top of the food chain, so they tell us "
                "the river is healthy again",
            ),
        ],
        (c.key,),
    )


EN_TEMPLATES: dict[str, Callable[[EnCity], EnStory]] = {
    "ai-cluster": ai_cluster,
    "cold-snap": cold_snap,
    "light-festival": light_festival,
    "housing": housing,
    "river-otters": river_otters,
}
