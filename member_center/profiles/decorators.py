from functools import wraps

from django.http import Http404

from member_center.decorators import member_required

from . import services


def profile_required(view):
    """The view is a lawyer's own profile page: `request.profile` is theirs, looked up through
    the logged-in member, so no URL can reach another lawyer's profile. Other members get a 404."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.has_profile(request.member):
            raise Http404("只有执业律师有个人档案。")
        request.profile = services.profile_for(request.member)
        return view(request, *args, **kwargs)

    return wrapper
