from tnl.core.permissions import is_organiser, rule


@rule("editions.manage")
def can_manage_editions(user, edition=None):
    return is_organiser(user)
