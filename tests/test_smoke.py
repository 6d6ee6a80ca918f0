def test_home_page_answers(client):
    assert client.get("/").status_code == 200


def test_personas_build(officer_hanoi, officer_hcm, proposer, admin_user):
    assert officer_hanoi.units.get().code == "sokhcn-ha-noi"
