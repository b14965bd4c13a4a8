def test_home_page_names_the_label(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Territoire Numérique Libre</h1>" in response.content.decode()
