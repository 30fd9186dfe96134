"""The offline newsroom: a real HTTP server on 127.0.0.1 serving content Sinmun writes itself.

``with Newsroom() as nr:`` then
- feeds: ``nr.feed_specs()`` (8 good feeds: RSS 2.0 ×4 incl. one EUC-KR, RSS 1.0, Atom,
  JSON Feed 1.1), ``nr.broken_feed_urls()``; article pages under ``/articles/<feed>/<slug>.html``;
- ``/feeds/synthetic/<n>.xml?items=20&delay=0``: any number of distinct feeds (benchmarks);
- ``nr.publish(feed, headline)`` adds an entry at runtime; ``nr.request_log`` records requests;
- weather: ``/v1/forecast`` (Open-Meteo), ``/api/typ01/url/kma_sfctm2.php`` (KMA API hub),
  ``/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst|getUltraSrtFcst`` (data.go.kr), key
  ``demo-key``; ``nr.weather_failing = True`` or ``/_control/weather?fail=1`` makes them fail;
- faults under ``/faults/`` (see ``reader.newsroom.faults``).
The article records are ``reader.newsroom.content.ARTICLES``.
"""

from .server import Newsroom

__all__ = ["Newsroom"]
