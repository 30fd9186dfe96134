-- A Sinmun database at schema version 1, frozen as it shipped: tests open it with the
-- current code to prove old files keep working (never edit it; add schema_v2.sql instead).
-- Korean text, a starred and a read article, a feed with a user title and an error.
BEGIN;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('app', 'sinmun');
CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,                      -- the feed's own title, from the last parse
        user_title TEXT,                 -- the user's, wins when set
        site_link TEXT,
        tags TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        last_fetched INTEGER,
        last_success INTEGER,
        last_error TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL
    );
CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        link TEXT,
        author TEXT,
        published INTEGER,
        first_seen INTEGER NOT NULL,
        sort_ts INTEGER NOT NULL,        -- published, else first_seen: the list order
        summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',        -- HTML, as the feed gave it
        content_text TEXT NOT NULL DEFAULT '',   -- its text, for the search index
        entry_hash TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        full_text TEXT,                  -- extracted article page text (cache)
        full_data TEXT,                  -- JSON of the extraction (cache)
        UNIQUE (feed_id, key)
    );
CREATE INDEX articles_by_time ON articles (sort_ts DESC, id DESC);
CREATE INDEX articles_by_feed ON articles (feed_id, sort_ts DESC, id DESC, read, starred);
CREATE INDEX articles_unread ON articles (sort_ts DESC, id DESC, read, starred) WHERE read = 0;
CREATE INDEX articles_starred ON articles (sort_ts DESC, id DESC, read, starred) WHERE starred = 1;
CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, summary, content_text, full_text,
        content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
    );
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, summary, content_text, full_text)
        VALUES (new.id, new.title, new.summary, new.content_text, new.full_text);
    END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
    END;
CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF title, summary, content_text, full_text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
        INSERT INTO articles_fts (rowid, title, summary, content_text, full_text)
        VALUES (new.id, new.title, new.summary, new.content_text, new.full_text);
    END;
INSERT INTO feeds (id, url, title, user_title, site_link, tags, etag, last_modified, body_hash, last_fetched, last_success, last_error, error_count, added_at) VALUES
  (1, 'http://127.0.0.1/kwangju.xml', '광주일보', NULL, 'http://127.0.0.1/', '["local"]', '"v1"', 'Mon, 24 Nov 2026 02:00:00 GMT', 'abc', 1795485600, 1795485600, NULL, 0, 1795480000),
  (2, 'http://127.0.0.1/world.xml', 'World', 'My world news', NULL, '[]', NULL, NULL, NULL, 1795485600, NULL, 'timed out after 45 s', 3, 1795480001);
INSERT INTO articles (id, feed_id, key, title, link, author, published, first_seen, sort_ts, summary, content, content_text, entry_hash, read, starred, full_text, full_data) VALUES
  (1, 1, 'urn:kwangju:1', '광주, 대한민국 ‘AI 중심도시’', 'http://127.0.0.1/a/1', '박진표 기자', 1795482000, 1795485600, 1795482000, '과기부 인공지능 집적단지 발표', '<p>이용섭 광주시장은 “AI 중심도시”라고 말했다.</p>', '이용섭 광주시장은 “AI 중심도시”라고 말했다.', 'h1', 1, 0, NULL, NULL),
  (2, 1, 'urn:kwangju:2', '광주의 날씨', 'http://127.0.0.1/a/2', NULL, NULL, 1795485600, 1795485600, '흐림 광주 3.2℃', '', '', 'h2', 0, 1, '광주 오늘 흐림', '{"paragraphs": ["광주 오늘 흐림"]}'),
  (3, 2, 'https://example.org/x', 'Markets rally', 'https://example.org/x', 'By Jane Doe', 1795400000, 1795485600, 1795400000, 'Stocks rose.', '<p>Stocks <b>rose</b>.</p>', 'Stocks rose.', 'h3', 0, 0, NULL, NULL);
PRAGMA user_version = 1;
COMMIT;
