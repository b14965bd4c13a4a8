def test_home_page_names_the_label(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Territoire Numérique Libre</h1>" in response.content.decode()
    assert "Les dates de la prochaine édition ne sont pas encore annoncées." in response.content.decode()
