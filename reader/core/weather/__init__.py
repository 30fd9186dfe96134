"""Weather for the bar: providers (Open-Meteo, KMA) behind one interface, and the service
that refreshes, caches and marks stale."""

from reader.core.weather.base import Observation, WeatherError, WeatherProvider, WeatherReport
from reader.core.weather.service import WeatherService, make_provider

__all__ = [
    "Observation",
    "WeatherError",
    "WeatherProvider",
    "WeatherReport",
    "WeatherService",
    "make_provider",
]
