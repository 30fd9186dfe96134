from reader.core.default_feeds import DEFAULT_FEEDS


def test_defaults_are_unique_https_feeds_korean_regional_first():
    urls = [spec.url for spec in DEFAULT_FEEDS]
    assert len(urls) == len(set(urls)) >= 12
    assert all(url.startswith("https://") for url in urls)
    assert all(spec.title for spec in DEFAULT_FEEDS)
    regional = [spec for spec in DEFAULT_FEEDS if "regional" in spec.tags]
    assert len(regional) >= 4
    assert any("gwangju" in spec.tags for spec in DEFAULT_FEEDS)
    # Korean national and regional outlets come before the international ones
    korean = [i for i, s in enumerate(DEFAULT_FEEDS) if {"national", "regional"} & set(s.tags)]
    world = [i for i, spec in enumerate(DEFAULT_FEEDS) if "world" in spec.tags]
    assert korean and world and max(korean) < min(world)
