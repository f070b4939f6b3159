"""Login rate limiting: per name and per client IP, over a sliding window."""

from nekrolog.review.limiter import LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_per_name_limit_then_window_passes():
    clock = Clock()
    limiter = LoginLimiter(max_per_name=3, max_per_ip=100, window_seconds=60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("anna", "10.0.0.1") == 0
        limiter.failed("anna", "10.0.0.1")
    assert limiter.retry_after("Anna ", "10.0.0.2") > 0  # same name from elsewhere, any case
    assert limiter.retry_after("boris", "10.0.0.1") == 0  # other names unaffected
    clock.now += 61
    assert limiter.retry_after("anna", "10.0.0.1") == 0


def test_per_ip_limit_across_names_and_success_clears_the_name():
    clock = Clock()
    limiter = LoginLimiter(max_per_name=5, max_per_ip=4, window_seconds=60, clock=clock)
    for name in ("a1", "a2", "a3", "a4"):
        limiter.failed(name, "10.0.0.9")
    assert limiter.retry_after("a5", "10.0.0.9") > 0
    assert limiter.retry_after("a5", "10.0.0.8") == 0
    limiter.failed("zoe", "10.0.0.7")
    limiter.succeeded("zoe")
    assert limiter.retry_after("zoe", "10.0.0.7") == 0


def test_memory_stays_bounded_when_many_names_are_tried():
    clock = Clock()
    limiter = LoginLimiter(window_seconds=60, clock=clock, max_keys=100)
    for i in range(1000):
        limiter.failed(f"name{i}", "10.0.0.1")
        clock.now += 1
    assert len(limiter._failures) <= 100 + 2
