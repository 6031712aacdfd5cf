from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import article_views, feeds

app_name = "articles"

urlpatterns = [
    path("", article_views.article_list, name="list"),
    path(_("new/"), article_views.ArticleCreateView.as_view(), name="create"),
    path(_("feed/"), feeds.ArticlesFeed(), name="feed"),
    path(_("feed/<slug:slug>/"), feeds.CommunityArticlesFeed(), name="community_feed"),
    path(_("moderation/"), article_views.ArticleModerationQueueView.as_view(), name="moderation"),
    path(_("<int:pk>/edit/"), article_views.ArticleEditView.as_view(), name="edit"),
    path(_("<int:pk>/translate/"), article_views.ArticleTranslateView.as_view(), name="translate"),
    path(_("<int:pk>/publish/"), article_views.ArticlePublishView.as_view(), name="publish"),
    path(_("<int:pk>/comments/close/"), article_views.CloseCommentsView.as_view(), name="close_comments"),
    path(_("<int:pk>/comments/new/"), article_views.CommentCreateView.as_view(), name="comment"),
    path(
        _("comments/<int:pk>/translate/"),
        article_views.CommentTranslateView.as_view(),
        name="translate_comment",
    ),
    path(_("comments/<int:pk>/report/"), article_views.CommentReportView.as_view(), name="report_comment"),
    path(
        _("comments/<int:pk>/moderate/"), article_views.CommentModerateView.as_view(), name="moderate_comment"
    ),
    # Last: its slug would match "edit", "publish"...
    path("<int:pk>/<slug:slug>/", article_views.ArticleView.as_view(), name="detail"),
]
