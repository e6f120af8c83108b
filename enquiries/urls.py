from django.urls import path

from enquiries.apis import chatbot, enquiries, newsletter

app_name = "enquiries"

urlpatterns = [
    path("contact-enquiries", enquiries.ContactEnquiryApi.as_view(), name="contact-enquiries"),
    path("contacts", enquiries.HomeContactApi.as_view(), name="contacts"),
    path("newsletter/subscribe", newsletter.NewsletterSubscribeApi.as_view(), name="subscribe"),
    path("newsletter/confirm", newsletter.NewsletterConfirmApi.as_view(), name="confirm"),
    path(
        "newsletter/unsubscribe",
        newsletter.NewsletterUnsubscribeApi.as_view(),
        name="unsubscribe",
    ),
    path("chatbot/chat", chatbot.ChatbotChatApi.as_view(), name="chatbot-chat"),
    path("chatbot/history", chatbot.ChatbotHistoryApi.as_view(), name="chatbot-history"),
]
