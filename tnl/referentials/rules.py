from tnl.core.permissions import is_organiser, rule


@rule("referentials.manage")
def can_manage_referentials(user, referential=None):
    return is_organiser(user)
