import pytest


@pytest.mark.django_db
def test_home_page_in_english_names_the_community(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "National Managers' Community" in response.content.decode()
