"""django-ratelimit's `is_ratelimited`, failing closed: when the counts cannot be read (Redis
down), a limit that guards a secret (verification codes, passwords) refuses with a 503 rather
than letting guesses through or answering 500."""

from django_ratelimit.core import is_ratelimited as _is_ratelimited
from redis.exceptions import RedisError


class ServiceUnavailable(Exception):
    """Answered by portal.middleware.ServiceUnavailableMiddleware with the 503 page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_ratelimited(request, **kwargs) -> bool:
    try:
        return _is_ratelimited(request, **kwargs)
    except (RedisError, OSError) as error:
        raise ServiceUnavailable("查询服务暂时不可用，请稍后再试。") from error
