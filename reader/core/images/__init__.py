"""Article pictures: which to fetch (decisions), fetching them through the app's HTTP client
(load), decoding them safely (decode), the disk cache they are kept in (cache) and how their
captions' credits read (captions). Pure core: no Textual here; the UI draws what this hands it.
Nothing is imported here: Pillow loads only when a picture is decoded.
"""
