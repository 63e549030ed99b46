/*
 * Certificate (TLS 1.2 and 1.3), CertificateRequest, CertificateVerify,
 * CertificateStatus and CompressedCertificate: real messages from the
 * corpus give the certificates whose SHA-256s the corpus's
 * expected.json lists, in sent order, in the sender's chain.
 */
#include "msg_test.h"

/* Messages extracted with tshark from tests/corpus (decrypted with the
 * key logs for TLS 1.3). */
/* tls12-ecdhe-rsa-gcm, frame 6: 1905 bytes */
static const char cert12[] =
	"0b00076d00076a0003923082038e30820276a003020102021400c3b2c455146a"
	"ede9bc2b53181aa40c8918377d300d06092a864886f70d01010b0500302e3110"
	"300e060355040a130752656665726565311a3018060355040313115265666572"
	"656520506f6c696379204341301e170d3236313132323233333830395a170d33"
	"31313132313233333830395a301b31193017060355040313107273612e726566"
	"657265652e7465737430820122300d06092a864886f70d01010105000382010f"
	"003082010a0282010100b59ac856e317e409cd86ddc9e9d99ef787b55dae161e"
	"770602104fe63115d6e65d9d2677c4b1213d902132dcc94a35d938f8fb4fe41c"
	"92b9f28b58de7ad001ca308fc3db4f1f144b6a42d22c777fe013adbdfa829ecb"
	"5d309e2c4395b9ac4cfca457d52cd4623db8408c44359ab0718981e28b0551b1"
	"41d8b7bf1429f33e26a5124c0711310c6a27c4eebf13723c32e6e0718a2d0772"
	"9d713b29f5de7cf68dc22a54bcd80c16cc0d7b9836d74220ee30734715f00f1d"
	"8d721dbc19891c1250a892dd7ecb8fe2d177863970c3a82b901d519607e68251"
	"f044d67b198fb0915294c61d0cf79b9ecccb57f4f062a82d1584376968834490"
	"c269d8c829ef74a754870203010001a381b63081b3300c0603551d130101ff04"
	"023000303e0603551d110437303582107273612e726566657265652e74657374"
	"82096c6f63616c686f737487047f000001871000000000000000000000000000"
	"00000130130603551d25040c300a06082b06010505070301300e0603551d0f01"
	"01ff0404030205a0301d0603551d0e04160414abe45b07f1697f079b57ec4185"
	"5251fdbd7d2274301f0603551d2304183016801496e2c155ec4240c72f7ec302"
	"3bfd8ad7bb8ef712300d06092a864886f70d01010b050003820101004903809e"
	"4cbcba3ebc34ccbef0eb786b58c50a2a0828ae10e85d123f0ef2e5ebfa28785d"
	"9e1ad4ec0fea3ef9d1f342f249ca44603fac19bebf483ca8f0d8f366c8b580a5"
	"c31f68d60fc2c760796f3f3e7ebcb45c18388feea2a3d51fcce3d9af8bd58aff"
	"f05d3a0f6e2261c4b4e290c807da3fb9058ff4ce06bf79335dd0bb96674ff62d"
	"560e881fcde34ad225827269cd23dd7d5d09333a5fb7849e5e090be49e1715e8"
	"4c98d840e58ffe00fdf200286fab4ed7add69307c1fddff0ee82fa4471d4105b"
	"a4c00c232b5bf93efcc3c722f4577c76d01a72168b1e990d4b5e25b2d5ab5387"
	"5080b3e4c44091ce78ed6909cbe079b465d2ff66bef888d515fa89b90003d230"
	"8203ce30820236a003020102021436cf5aeedfaa57483cf52a80d36a8081391c"
	"6552300d06092a864886f70d01010b0500302c3110300e060355040a13075265"
	"6665726565311830160603550403130f5265666572656520526f6f7420434130"
	"1e170d3236313132323233333830395a170d3336313131393233333830395a30"
	"2e3110300e060355040a130752656665726565311a3018060355040313115265"
	"666572656520506f6c69637920434130820122300d06092a864886f70d010101"
	"05000382010f003082010a0282010100b2312c02bff4f9c22b4239b6b77e4c6f"
	"8ab80f1bf9380c9356ad0e033c50fe613f89b94a553a6547cc9949a2d87fe010"
	"a6d9ddbb4b7b41a93a2bcee054b64345ea5d7c8a579301b62eb5b90675f323c7"
	"c2f325a3c2769f8a43a29e8343afab42673aa67ef95c612759203b84a2192ea8"
	"a8b19e26a5566a8d46b7bd45eb469cb9ce41e9e2ec7c5b0675969789464a54ad"
	"4192bbfc7ccdf5f003da293c4391d300a7500c5bf8fadf251e67d5eb1429de1c"
	"54555fd594d62709564781669c8b0d5e52c068b966df300d5880ef4bca9a49ad"
	"619d018e7887af06bd3f372a3554d28b5d23bf015433aa64636dc6e633571bb8"
	"c9dcf74c3b56ee1e074f2e373aeb418b0203010001a366306430120603551d13"
	"0101ff040830060101ff020101300e0603551d0f0101ff040403020204301d06"
	"03551d0e0416041496e2c155ec4240c72f7ec3023bfd8ad7bb8ef712301f0603"
	"551d23041830168014d9c3936faf6c7e65299df21ecbb129f56732d61e300d06"
	"092a864886f70d01010b050003820181005501d051c80feccfffcc8036603d11"
	"ac43a2805515843df3bc9ea1eb3c78fb965c6124cac57bb66303b0eb88d0a33d"
	"10a74e06fb7c70e325691a50da1eb0a712e7e63a352f50a2724c6e3aadeda98d"
	"c567c5bd83b3258eaf0dc4ae2d5b382187c5de432840514b3a502563ac245760"
	"ae0fd11c1763642cd7dc584c555d5a868aa35ff865ae206326f382dc24c7b264"
	"79f05bc7ba34c6574cf2d560d8d07f5bf9f612e24ea0c106fb6172acdf56bec9"
	"4e216ce22eb08cacecb9d9a376585300aba3f36bce77ede912614b54ac6d11cb"
	"ed257c21152bd10547315d6629c28c213b66b6bf8360ecbd5b48165f4fe8de82"
	"fcf10edcb0e0d0d53915478aa75677ec212f990271719b5bdf989357fddf6183"
	"c051c5c14dac376250b9f7d0d27c28ce756f4de48b822e43abc88c6b1925c5d5"
	"0d69b364bea625993e18bcbe6a345ab93c9cb08f2745bfa89d8a349ef1b80a29"
	"c364c9099699dc71f51da471036723ea6ffecb9639a770f4a73d0217b0f01dd3"
	"7707852697eb263b00aa449e4dece53ee0";
/* tls12-clientauth, frame 8: 1250 bytes */
static const char client_cert12[] =
	"0b0004de0004db0001c8308201c43082016aa00302010202142bd24eebc6ce38"
	"599843cb5ab42415650252d8f2300a06082a8648ce3d04030230343110300e06"
	"0355040a1307526566657265653120301e060355040313175265666572656520"
	"496e7465726d656469617465204341301e170d3236313132323233333830395a"
	"170d3331313132313233333830395a3019311730150603550403130e72656665"
	"72656520636c69656e743059301306072a8648ce3d020106082a8648ce3d0301"
	"0703420004d1b8e346461003d1559fdadee545da9d162fbc52fd2fa99471ca78"
	"f7d55ca0eeba28c1af77e3c4129747463ed2ae36d4d4585269b93ecee1f15086"
	"3a6f741d46a3753073300c0603551d130101ff0402300030130603551d25040c"
	"300a06082b06010505070302300e0603551d0f0101ff040403020780301d0603"
	"551d0e04160414bf86d832b152d4184c808a823d75574ea084e88e301f060355"
	"1d23041830168014284e1eecb9a728c07e6373cfd958ddbe04b268a5300a0608"
	"2a8648ce3d0403020348003045022100d36367b5e4494b8cf521aec620152a1d"
	"4c967d5acaa2626851081e560dbb4dca02206e3b31d1182bdcce45f2462beca3"
	"2e2325c34ec67a7d3b6c3057c54da57101a800030d3082030930820171a00302"
	"010202140174b8e5e6a5d46053ee26d7e144b79a6d112aeb300d06092a864886"
	"f70d01010b0500302c3110300e060355040a1307526566657265653118301606"
	"03550403130f5265666572656520526f6f74204341301e170d32363131323232"
	"33333830395a170d3336313131393233333830395a30343110300e060355040a"
	"1307526566657265653120301e060355040313175265666572656520496e7465"
	"726d6564696174652043413059301306072a8648ce3d020106082a8648ce3d03"
	"0107034200041df7d4213fa0b1a8332e41427e422d7fccee35432259a27968f7"
	"0b2621a2f90f9a1ac483b2c42b3f74793901099cebb58416501ec9895ec4b0aa"
	"143527f280b1a366306430120603551d130101ff040830060101ff020100300e"
	"0603551d0f0101ff040403020204301d0603551d0e04160414284e1eecb9a728"
	"c07e6373cfd958ddbe04b268a5301f0603551d23041830168014d9c3936faf6c"
	"7e65299df21ecbb129f56732d61e300d06092a864886f70d01010b0500038201"
	"810011d4829f535fb91f5ce683036b2657b2402ebadf7c0b01496a95bc44e39e"
	"742f1277adde4639f1bd43ce147c18fbbc54130ec49ad26c459b23b059b2c760"
	"7f46c3ee7b6c99eac24949f4c561c301f347ac937a184b3726e68084c4a43e75"
	"114628856ea5ff17cae1fd57d1c0a04d141cba186cf4e4357c97e57299fc1d78"
	"3cd8a77d11d93fe01a8ec35c8e67c800e9aa8241305c1f010dc5a448222ff9c1"
	"72e65ef84991531be57b510f9520499f459515adf51cda06197ff610e7626d9e"
	"710cb1aa2d08d07600985b7a95e800a43a2263e73cdf6cb4f495e93d529a89eb"
	"302ec1779bd6283c6f222a1a3a070bbcce65665b89b2478596e04e1216e570e4"
	"d08738996d832fd0c72834cd09ab0cf707b3efc7fec42e41568c6d325e56682e"
	"0bc62c08b3746b9b046c22bb34f7d33b61993f656e96f8d8fa8371c374a86671"
	"c056482f1757b779227e6fdbd337b4f397c4b771ad73d5e21998ae23b4d684c5"
	"e316c41290f56849ac0ef965861c2d971acfb1e11e8914c462a5a6eefb73bb94"
	"d8d7";
/* tls13-ecdsa-alpn, frame 6: 1323 bytes */
static const char cert13[] =
	"0b0005270000052300020c30820208308201aea00302010202144a0b867c4945"
	"5fde6a36933049e0ef87ee049e05300a06082a8648ce3d04030230343110300e"
	"060355040a1307526566657265653120301e0603550403131752656665726565"
	"20496e7465726d656469617465204341301e170d323631313232323333383039"
	"5a170d3331313132313233333830395a301b3119301706035504031310777777"
	"2e726566657265652e746573743059301306072a8648ce3d020106082a8648ce"
	"3d0301070342000437c38c418546ffd89df92cf217ec3d978b5151001c5c4b81"
	"0d7068506d35c34fe485fb03649cc9c159f5b34e479a8446729b1d520b29a82d"
	"dccf7b81c44b1aeaa381b63081b3300c0603551d130101ff04023000303e0603"
	"551d110437303582107777772e726566657265652e7465737482096c6f63616c"
	"686f737487047f00000187100000000000000000000000000000000130130603"
	"551d25040c300a06082b06010505070301300e0603551d0f0101ff0404030207"
	"80301d0603551d0e04160414c375e51ad970b5725a3e832de081cf28d311ec4d"
	"301f0603551d23041830168014284e1eecb9a728c07e6373cfd958ddbe04b268"
	"a5300a06082a8648ce3d040302034800304502202ce6516f9447cccea967b850"
	"b1df0619b9eadeb603fef3a1f0d1fd4ce6235c32022100eabed3289fbd9a9b10"
	"3744be7a905be7acb1e813dd15e0b3c8bf2ee46a463139000000030d30820309"
	"30820171a00302010202140174b8e5e6a5d46053ee26d7e144b79a6d112aeb30"
	"0d06092a864886f70d01010b0500302c3110300e060355040a13075265666572"
	"6565311830160603550403130f5265666572656520526f6f74204341301e170d"
	"3236313132323233333830395a170d3336313131393233333830395a30343110"
	"300e060355040a1307526566657265653120301e060355040313175265666572"
	"656520496e7465726d6564696174652043413059301306072a8648ce3d020106"
	"082a8648ce3d030107034200041df7d4213fa0b1a8332e41427e422d7fccee35"
	"432259a27968f70b2621a2f90f9a1ac483b2c42b3f74793901099cebb5841650"
	"1ec9895ec4b0aa143527f280b1a366306430120603551d130101ff0408300601"
	"01ff020100300e0603551d0f0101ff040403020204301d0603551d0e04160414"
	"284e1eecb9a728c07e6373cfd958ddbe04b268a5301f0603551d230418301680"
	"14d9c3936faf6c7e65299df21ecbb129f56732d61e300d06092a864886f70d01"
	"010b0500038201810011d4829f535fb91f5ce683036b2657b2402ebadf7c0b01"
	"496a95bc44e39e742f1277adde4639f1bd43ce147c18fbbc54130ec49ad26c45"
	"9b23b059b2c7607f46c3ee7b6c99eac24949f4c561c301f347ac937a184b3726"
	"e68084c4a43e75114628856ea5ff17cae1fd57d1c0a04d141cba186cf4e4357c"
	"97e57299fc1d783cd8a77d11d93fe01a8ec35c8e67c800e9aa8241305c1f010d"
	"c5a448222ff9c172e65ef84991531be57b510f9520499f459515adf51cda0619"
	"7ff610e7626d9e710cb1aa2d08d07600985b7a95e800a43a2263e73cdf6cb4f4"
	"95e93d529a89eb302ec1779bd6283c6f222a1a3a070bbcce65665b89b2478596"
	"e04e1216e570e4d08738996d832fd0c72834cd09ab0cf707b3efc7fec42e4156"
	"8c6d325e56682e0bc62c08b3746b9b046c22bb34f7d33b61993f656e96f8d8fa"
	"8371c374a86671c056482f1757b779227e6fdbd337b4f397c4b771ad73d5e219"
	"98ae23b4d684c5e316c41290f56849ac0ef965861c2d971acfb1e11e8914c462"
	"a5a6eefb73bb94d8d70000";
/* gnutls-tls13-peers, frame 12: 8 bytes */
static const char client_cert13_empty[] =
	"0b00000400000000";
/* tls12-clientauth, frame 6: 100 bytes */
static const char cr12[] =
	"0d000060030102400028040305030603080708080809080a080b080408050806"
	"0401050106010303030103020402050206020030002e302c3110300e06035504"
	"0a130752656665726565311830160603550403130f5265666572656520526f6f"
	"74204341";
/* gnutls-tls13-peers, frame 8: 49 bytes */
static const char cr13[] =
	"0d00002d00002a000d00220020040108090804040308070501080a0805050308"
	"080601080b080606030201020300050000";
/* tls12-clientauth, frame 8: 79 bytes */
static const char cv12[] =
	"0f00004b04030047304502204fe5fb0d96e34b78bd9cde5b209fc4f9161befe7"
	"57bfefc836991cd416aedbdc022100fb365cbaedbe35682a3c575f7a8b621440"
	"294d3d11379ea6d20f576baf7449c1";
/* tls13-ecdsa-alpn, frame 6: 79 bytes */
static const char cv13[] =
	"0f00004b04030047304502207e8d4eb0cefe447692210a12fba82464f010466f"
	"1c6022cd67f81a7c5d65c993022100bba002bd7520b37249f2bfd4b04b57b289"
	"3254ac2cac8087386a4227767b0829";

/* server_cert_sha256 / client_cert_sha256 of the expected.json files. */
static const char *const rsa_chain[] = {
	"fe97576871f845458b99eb40c76109dd794237c984381cda552bd425011aa126",
	"a8c1fc9e8b7dfa2f9a2dec0ff70b824b51b482a2d93ead3d6ffb745ee7f5b3c4",
};
static const char *const ecdsa_chain[] = {
	"011919e70eb6c90e6a88d3506c35a0df0477f578daef7ff3a9c9ae49715b8303",
	"5b58322a8b8defaf475568eadb3807d4b45daf3a0ccac4e24bfbae946a0c27f1",
};
static const char *const client_chain[] = {
	"2c1bf72962f3799f550421861a636e728047e7a54479578cfa146047f633eb27",
	"5b58322a8b8defaf475568eadb3807d4b45daf3a0ccac4e24bfbae946a0c27f1",
};

static const msg_setup TLS12 = { 0x0303, 0xc02f, false };
static const msg_setup TLS12_CHACHA = { 0x0303, 0xcca9, false };
static const msg_setup TLS13 = { 0x0304, 0x1302, false };

static bool der_inside(const tv_msg *m, const tv_cert *cert)
{
	return cert->der >= m->raw &&
	       cert->der + cert->der_len <= m->raw + m->raw_len;
}

static void check_chain(const char *what, const tv_msg *m,
			const tv_certlist *l, const char *const *want)
{
	tv_field *list = F(m, "certificate_list");

	is_int(list ? list->count : 0, 2, "%s: two certificate entries",
	       what);
	is_int(l->n, 2, "%s: two certificates in the chain", what);
	for (unsigned i = 0; i < 2 && i < l->n; i++) {
		tv_field *e = nth(list, i);

		is_str(l->v[i].sha256, want[i],
		       "%s: certificate %u SHA-256 matches expected.json", what,
		       i);
		is_int(l->v[i].position, i, "%s: position %u", what, i);
		ok(der_inside(m, &l->v[i]),
		   "%s: certificate %u DER points into the message", what, i);
		is_str(member_text(e, "sha256"), want[i],
		       "%s: entry %u sha256 field equals the chain's", what, i);
		is_int(tvf_get(e, "length")->num, l->v[i].der_len,
		       "%s: entry %u length is the DER length", what, i);
	}
}

static void test_certificate_tls12(void)
{
	tv_conn *c = conn_with(&TLS12);
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, cert12);
	tv_field *e0;

	is_str(m->type, "certificate", "type certificate");
	ok(m->error == NULL, "TLS 1.2 Certificate decodes without error");
	check_chain("TLS 1.2 server", m, &c->certs, rsa_chain);
	e0 = nth(F(m, "certificate_list"), 0);
	ok(e0 && e0->off == 7 && e0->len == 3 + 914,
	   "the first entry covers its 3-byte length and the DER");
	is_str(member_text(e0, "subject"), "CN=rsa.referee.test",
	       "leaf subject (RFC 4514)");
	is_str(member_text(e0, "issuer"), "CN=Referee Policy CA,O=Referee",
	       "leaf issuer");
	ok(!F(m, "certificate_request_context"),
	   "no certificate_request_context before TLS 1.3");
	is_int(c->client_certs.n, 0, "no client certificates");

	m = decode_hex(c, TV_DIR_SERVER, cert12);
	is_int(c->certs.n, 2, "a second Certificate does not grow the chain");
	ok(note_has(c, "another Certificate message"), "and is noted");
	tv_conn_free(c);
}

static void test_client_certificate(void)
{
	tv_conn *c = conn_with(&TLS12_CHACHA);
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, client_cert12);

	ok(m->error == NULL, "client Certificate decodes without error");
	check_chain("TLS 1.2 client", m, &c->client_certs, client_chain);
	is_int(c->certs.n, 0, "the server chain is untouched");
	tv_conn_free(c);
}

static void test_certificate_tls13(void)
{
	tv_conn *c = conn_with(&TLS13);
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, cert13);
	tv_field *e0;

	ok(m->error == NULL, "TLS 1.3 Certificate decodes without error");
	is_str(F_str(m, "certificate_request_context"), "",
	       "empty certificate_request_context");
	check_chain("TLS 1.3 server", m, &c->certs, ecdsa_chain);
	e0 = nth(F(m, "certificate_list"), 0);
	ok(tvf_get(e0, "extensions") && tvf_get(e0, "extensions")->count == 0,
	   "each entry has its (empty) extensions");
	ok(e0->off == 8 && e0->len == 3 + 524 + 2,
	   "a 1.3 entry covers length, DER and extensions");
	tv_conn_free(c);

	c = conn_with(&TLS13);
	m = decode_hex(c, TV_DIR_CLIENT, client_cert13_empty);
	ok(m->error == NULL && F(m, "certificate_list")->count == 0,
	   "an empty TLS 1.3 client Certificate");
	is_int(c->client_certs.n, 0, "leaves no client certificates");
	tv_conn_free(c);
}

/* 66 one-byte "certificates": only 64 are parsed. */
static void test_certificate_cap(void)
{
	tv_conn *c = conn_with(&TLS12);
	size_t n = 4 + 3 + 66 * 4;
	uint8_t *b = calloc(1, n);
	tv_msg *m;

	b[0] = 11;
	b[2] = (uint8_t)((n - 4) >> 8);
	b[3] = (uint8_t)(n - 4);
	b[5] = 1;
	b[6] = 8; /* 264 */
	for (size_t i = 0; i < 66; i++)
		b[7 + 4 * i + 2] = 1;
	m = decode_bytes(c, TV_DIR_SERVER, b, n);
	ok(m->error == NULL, "66 entries decode: %s",
	   m->error ? m->error : "ok");
	is_int(F(m, "certificate_list")->count, 66, "all 66 entries listed");
	is_int(c->certs.n, 64, "only 64 certificates parsed");
	ok(note_has(c, "holds 66 certificates; only the first 64 were parsed"),
	   "the cap is noted");
	ok(tvf_get(nth(F(m, "certificate_list"), 0), "error") != NULL,
	   "a certificate that does not parse has an error field");
	ok(!tvf_get(nth(F(m, "certificate_list"), 65), "sha256"),
	   "entries past the cap are not parsed");
	free(b);
	tv_conn_free(c);
}

static void test_certificate_request(void)
{
	tv_conn *c = conn_with(&TLS12_CHACHA);
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, cr12);
	tv_field *types, *algs, *cas;

	ok(m->error == NULL, "TLS 1.2 CertificateRequest decodes");
	types = F(m, "certificate_types");
	is_int(types->count, 3, "three certificate types");
	is_str(nth(types, 0)->label, "rsa_sign", "rsa_sign");
	is_str(nth(types, 2)->label, "ecdsa_sign", "ecdsa_sign");
	algs = F(m, "supported_signature_algorithms");
	is_int(algs->count, 20, "20 signature algorithms");
	is_str(nth(algs, 0)->label, "ecdsa_secp256r1_sha256",
	       "first algorithm labelled");
	cas = F(m, "certificate_authorities");
	is_int(cas->count, 1, "one certificate authority");
	is_str(member_text(nth(cas, 0), "name"), "CN=Referee Root CA,O=Referee",
	       "its DN as an RFC 4514 string");
	is_int(tvf_get(nth(cas, 0), "dn")->nbytes, 46, "the DER DN kept");
	tv_conn_free(c);

	c = conn_with(&TLS13);
	m = decode_hex(c, TV_DIR_SERVER, cr13);
	ok(m->error == NULL, "TLS 1.3 CertificateRequest decodes");
	is_str(F_str(m, "certificate_request_context"), "", "empty context");
	is_int(F(m, "extensions")->count, 2, "two extensions");
	ok(!F(m, "certificate_types"), "no certificate_types in TLS 1.3");
	tv_conn_free(c);
}

/* TLS 1.1 has no supported_signature_algorithms. */
static const char cr11[] = "0d0000050201400000";

static void test_certificate_request_tls11(void)
{
	msg_setup s11 = { 0x0302, 0x002f, false };
	tv_conn *c = conn_with(&s11);
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, cr11);

	ok(m->error == NULL, "TLS 1.1 CertificateRequest decodes");
	ok(!F(m, "supported_signature_algorithms"),
	   "without signature algorithms");
	is_int(F(m, "certificate_authorities")->count, 0, "no CAs");
	tv_conn_free(c);

	c = conn_with(&TLS12);
	m = decode_hex(c, TV_DIR_SERVER, cr11);
	ok(m->error != NULL,
	   "the same bytes are malformed as TLS 1.2: %s", m->error);
	tv_conn_free(c);
}

static const char cv10[] = "0f0000040002abcd";
static const char cv_unknown[] = "0f0000060403" "0002abcd";

static void test_certificate_verify(void)
{
	msg_setup s10 = { 0x0301, 0x002f, false };
	tv_conn *c = conn_with(&TLS12_CHACHA);
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, cv12);

	ok(m->error == NULL, "TLS 1.2 CertificateVerify decodes");
	is_str(F_label(m, "algorithm"), "ecdsa_secp256r1_sha256",
	       "TLS 1.2: algorithm ecdsa_secp256r1_sha256");
	is_int(F(m, "signature")->nbytes, 71, "71-byte signature");
	tv_conn_free(c);

	c = conn_with(&TLS13);
	m = decode_hex(c, TV_DIR_SERVER, cv13);
	ok(m->error == NULL, "TLS 1.3 CertificateVerify decodes");
	is_int(F_num(m, "algorithm"), 0x0403, "TLS 1.3: algorithm 0x0403");
	tv_conn_free(c);

	c = conn_with(&s10);
	m = decode_hex(c, TV_DIR_CLIENT, cv10);
	ok(m->error == NULL && !F(m, "algorithm"),
	   "TLS 1.0 CertificateVerify has no algorithm");
	is_str(F_str(m, "signature"), "abcd", "just the signature");
	tv_conn_free(c);

	c = conn_with(&SETUP_NONE);
	m = decode_hex(c, TV_DIR_CLIENT, cv_unknown);
	is_int(F_num(m, "algorithm"), 0x0403,
	       "with the version unknown, the lengths find the algorithm");
	tv_conn_free(c);
}

static const char status_ocsp[] = "1600000901000005" "3003020100";
static const char status_multi[] =
	"1600001202" "00000e" "000003aabbcc" "000000" "000002ddee";
static const char compressed[] = "1900000b" "0002" "0003e8" "000003aabbcc";

static void test_status_and_compressed(void)
{
	tv_conn *c = conn_with(&TLS12);
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, status_ocsp);

	ok(m->error == NULL, "CertificateStatus ocsp decodes");
	is_str(F_label(m, "status_type"), "ocsp", "status_type ocsp");
	is_str(F_str(m, "ocsp_response"), "3003020100", "ocsp_response");
	is_int(F(m, "ocsp_response")->len, 8,
	       "ocsp_response covers its 3-byte length");
	m = decode_hex(c, TV_DIR_SERVER, status_multi);
	ok(m->error == NULL, "CertificateStatus ocsp_multi decodes");
	is_int(F(m, "ocsp_response_list")->count, 3, "three responses");
	is_int(nth(F(m, "ocsp_response_list"), 1)->nbytes, 0,
	       "an empty response for the second certificate");
	m = decode_hex(c, TV_DIR_SERVER, compressed);
	is_str(m->type, "compressed_certificate", "compressed_certificate");
	ok(m->error == NULL, "CompressedCertificate decodes");
	is_str(F_label(m, "algorithm"), "brotli", "algorithm brotli");
	is_int(F_num(m, "uncompressed_length"), 1000, "uncompressed_length");
	is_str(F_str(m, "compressed_certificate_message"), "aabbcc",
	       "compressed bytes");
	tv_conn_free(c);
}

static void test_robustness(void)
{
	is_int(check_prefixes("TLS 1.2 Certificate", &TLS12, TV_DIR_SERVER,
			      cert12), 0,
	       "TLS 1.2 Certificate: no prefix is well formed");
	check_flips("TLS 1.2 Certificate", &TLS12, TV_DIR_SERVER, cert12);
	is_int(check_prefixes("TLS 1.3 Certificate", &TLS13, TV_DIR_SERVER,
			      cert13), 0,
	       "TLS 1.3 Certificate: no prefix is well formed");
	check_flips("TLS 1.3 Certificate", &TLS13, TV_DIR_SERVER, cert13);
	is_int(check_prefixes("TLS 1.2 CertificateRequest", &TLS12,
			      TV_DIR_SERVER, cr12), 0,
	       "TLS 1.2 CertificateRequest: no prefix is well formed");
	check_flips("TLS 1.2 CertificateRequest", &TLS12, TV_DIR_SERVER,
		    cr12);
	is_int(check_prefixes("TLS 1.3 CertificateRequest", &TLS13,
			      TV_DIR_SERVER, cr13), 0,
	       "TLS 1.3 CertificateRequest: no prefix is well formed");
	check_flips("TLS 1.3 CertificateRequest", &TLS13, TV_DIR_SERVER,
		    cr13);
	is_int(check_prefixes("CertificateVerify", &TLS12, TV_DIR_CLIENT,
			      cv12), 0,
	       "CertificateVerify: no prefix is well formed");
	check_flips("CertificateVerify", &TLS12, TV_DIR_CLIENT, cv12);
	is_int(check_prefixes("CertificateStatus", &TLS12, TV_DIR_SERVER,
			      status_multi), 0,
	       "CertificateStatus: no prefix is well formed");
	check_flips("CertificateStatus", &TLS12, TV_DIR_SERVER, status_multi);
	is_int(check_prefixes("CompressedCertificate", &TLS13, TV_DIR_SERVER,
			      compressed), 0,
	       "CompressedCertificate: no prefix is well formed");
	check_flips("CompressedCertificate", &TLS13, TV_DIR_SERVER,
		    compressed);
}

int main(void)
{
	test_certificate_tls12();
	test_client_certificate();
	test_certificate_tls13();
	test_certificate_cap();
	test_certificate_request();
	test_certificate_request_tls11();
	test_certificate_verify();
	test_status_and_compressed();
	test_robustness();
	return done_testing();
}
